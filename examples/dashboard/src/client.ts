/**
 * The dashboard's GraphQL client: urql for queries and mutations (POST to `/graphql` on the
 * page's own origin) and `graphql-sse` for subscriptions (GraphQL over SSE, distinct
 * connections mode, which the facade serves at the same endpoint).
 *
 * The bearer token is read through `getToken` on every request and every new event stream,
 * so a refreshed token is used at once and nothing token-related is kept here. Every answer's
 * `x-session-token` header (the facade renewed a server's token of the session) goes to
 * `onSessionToken`, for the requests after it.
 */
import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createSseClient } from 'graphql-sse';

export interface DashboardClientOptions {
  /** The GraphQL endpoint; defaults to `/graphql` on the page's origin. */
  url?: string;
  /** The current access token, or undefined when signed out. */
  getToken: () => string | undefined;
  /** Called with the renewed session token a response carries in `x-session-token`. */
  onSessionToken?: (token: string) => void;
}

/** The header the facade answers a renewed session token in. */
export const SESSION_TOKEN_HEADER = 'x-session-token';

/** Builds the urql client with an SSE transport for subscriptions. */
export function createDashboardClient({ url = '/graphql', getToken, onSessionToken }: DashboardClientOptions): { client: Client; dispose: () => void } {
  const headers = (): Record<string, string> => {
    const token = getToken();
    return token === undefined ? {} : { authorization: `Bearer ${token}` };
  };
  const absolute = new URL(url, window.location.href).href;
  const fetchAndRenew: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const renewed = response.headers.get(SESSION_TOKEN_HEADER);
    if (renewed) onSessionToken?.(renewed);
    return response;
  };
  const sse = createSseClient({
    url: absolute,
    headers,
    fetchFn: fetchAndRenew,
    // A dropped stream is retried a few times; subscriptions resume from their own state
    // (logItemAdded takes the last usn seen).
    retryAttempts: 3,
  });
  const client = new Client({
    url: absolute,
    // Always ask the server: the dashboard shows live state, not a cache.
    requestPolicy: 'network-only',
    preferGetMethod: false,
    fetch: fetchAndRenew,
    fetchOptions: () => ({ headers: headers() }),
    exchanges: [
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = sse.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
      fetchExchange,
    ],
  });
  return { client, dispose: () => sse.dispose() };
}
