/** Small Preact hooks over the urql client: one query, one subscription, a ticking clock. */
import type { AnyVariables, Client, CombinedError, TypedDocumentNode } from '@urql/core';
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Auth } from './auth.js';
import { isUnauthenticated } from './errors.js';
import type { Scope } from './scope.js';

export { listServers, lookupServer, severalServers, type Scope } from './scope.js';

export interface Services {
  readonly client: Client;
  readonly auth: Auth;
}

export const ServicesContext = createContext<Services | undefined>(undefined);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (services === undefined) throw new Error('ServicesContext is not provided');
  return services;
}

export interface QueryState<T> {
  readonly fetching: boolean;
  /** Also set when errors came with it: partial data still renders. */
  readonly data: T | undefined;
  readonly error: CombinedError | undefined;
}

/**
 * Runs `document` whenever `key` changes (and when `reload` is bumped), unless `skip`; `key`
 * should be the variables' identity, e.g. `JSON.stringify(variables)`.
 */
export function useQuery<T, V extends AnyVariables>(
  document: TypedDocumentNode<T, V>,
  variables: V,
  key: string,
  { reload = 0, skip = false }: { reload?: number; skip?: boolean } = {},
): QueryState<T> {
  const { client, auth } = useServices();
  const [state, setState] = useState<QueryState<T>>({ fetching: true, data: undefined, error: undefined });
  useEffect(() => {
    if (skip) {
      setState({ fetching: false, data: undefined, error: undefined });
      return;
    }
    let live = true;
    setState((previous) => ({ ...previous, fetching: true }));
    void client
      .query(document, variables)
      .toPromise()
      .then((result) => {
        if (!live) return;
        if (isUnauthenticated(result.error) && result.data === undefined) {
          auth.drop({ code: 'UNAUTHENTICATED', message: 'Your sign-in is no longer valid. Please sign in again.' });
        }
        setState({ fetching: false, data: result.data, error: result.error });
      });
    return () => {
      live = false;
    };
    // `key` stands for the variables.
  }, [client, document, key, reload, skip]);
  return state;
}

/**
 * Subscribes while `enabled`; every event goes to `onData`, errors and completion to the
 * returned state (`error`, `done`).
 */
export function useSubscription<T, V extends AnyVariables>(
  document: TypedDocumentNode<T, V>,
  variables: V,
  key: string,
  enabled: boolean,
  onData: (data: T) => void,
): { error: CombinedError | undefined; active: boolean } {
  const { client } = useServices();
  const [error, setError] = useState<CombinedError | undefined>(undefined);
  const [active, setActive] = useState(false);
  // The latest callback, so an event never lands in a stale render's closure.
  const handler = useRef(onData);
  handler.current = onData;
  useEffect(() => {
    if (!enabled) {
      setActive(false);
      return;
    }
    setError(undefined);
    setActive(true);
    const { unsubscribe } = client.subscription(document, variables).subscribe((result) => {
      if (result.error) setError(result.error);
      if (result.data !== undefined) handler.current(result.data);
    });
    return () => {
      unsubscribe();
      setActive(false);
    };
  }, [client, document, key, enabled]);
  return { error, active };
}

/** The current time, updated every `ms` while `enabled` (running bars grow with it). */
export function useNow(enabled: boolean, ms = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [enabled, ms]);
  return now;
}

export const ScopeContext = createContext<Scope>({ held: [], picked: undefined, pick: () => undefined });

export function useScope(): Scope {
  return useContext(ScopeContext);
}
