import type { Simulator } from '../../src/simulator/index.js';

/** A tiny fetch wrapper for the simulator tests: path on the real origin, bearer optional. */
export function createClient(sim: Simulator) {
  const call = (path: string, token: string | null, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (token !== null) headers.set('authorization', `Bearer ${token}`);
    return fetch(`${sim.origin}${path}`, { ...init, headers });
  };
  return {
    get: (path: string, token: string | null, init: RequestInit = {}) => call(path, token, init),
    post: (path: string, token: string | null, body?: unknown, init: RequestInit = {}) =>
      call(path, token, {
        ...init,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...Object.fromEntries(new Headers(init.headers)) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    async json<T>(path: string, token: string | null): Promise<T> {
      const response = await call(path, token);
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}
