/** One GraphQL POST at a time over a keep-alive connection, timed from send to the last byte. */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';

export interface GraphQLPayload {
  query: string;
  variables?: Record<string, string>;
  operationName?: string;
}

export interface Timed {
  status: number;
  text: string;
  ms: number;
}

const agent = new Agent({ connections: 4, keepAliveTimeout: 30_000 });

export function requestBody(payload: GraphQLPayload): string {
  return JSON.stringify(payload);
}

export function requestHeaders(token: string): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` };
}

export async function post(url: string, token: string, payload: GraphQLPayload, timeoutMs = 15_000): Promise<Timed> {
  const started = performance.now();
  const response = await request(url, {
    dispatcher: agent,
    method: 'POST',
    headers: requestHeaders(token),
    body: requestBody(payload),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, ms: performance.now() - started };
}

/** A plain GET with the bearer token (to time the REST API itself). */
export async function getTimed(url: string, token: string, timeoutMs = 15_000): Promise<Timed> {
  const started = performance.now();
  const response = await request(url, {
    dispatcher: agent,
    method: 'GET',
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, ms: performance.now() - started };
}

/** Polls until the endpoint answers the payload with HTTP 200, for at most `ms`. */
export async function waitUntilServing(url: string, token: string, payload: GraphQLPayload, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await post(url, token, payload, 5_000);
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${response.text.slice(0, 300)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not serve within ${ms} ms (${last})`);
}

export async function closeClient(): Promise<void> {
  await agent.close();
}
