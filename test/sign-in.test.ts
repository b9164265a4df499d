import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http-server.js';
import { DEMO_USERS } from '../src/simulator/index.js';
import { codes, startHarness, type GraphQLResponseBody, type Harness } from './helpers/harness.js';

const CREATE = `mutation($u: String!, $p: String!) { createToken(username: $u, password: $p) {
  accessToken refreshToken tokenType expiresIn expiresAt userName } }`;
const REFRESH = 'mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken expiresIn } }';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const admin = DEMO_USERS[0]!;

describe('Mutation.createToken and Mutation.refreshToken', () => {
  it('signs in with the password grant, form-encoded, and the token then reads data', async () => {
    const body = await h.query(CREATE, { token: null, variables: { u: admin.userName, p: admin.password } });
    expect(body.errors).toBeUndefined();
    const token = body.data?.createToken as { accessToken: string; tokenType: string; expiresIn: number; expiresAt: string; userName: string };
    expect(token.tokenType.toLowerCase()).toBe('bearer');
    expect(token.expiresIn).toBeGreaterThan(0);
    expect(token.userName).toBe(admin.userName);
    expect(Date.parse(token.expiresAt)).toBeGreaterThan(Date.now());
    const [call] = h.calls();
    expect(call).toMatchObject({ method: 'POST', path: `/${h.version}/token`, authorization: undefined });

    const read = await h.query('{ jobs { id } }', { token: token.accessToken });
    expect(read.errors).toBeUndefined();
    expect(h.calls().at(-1)?.authorization).toBe(`Bearer ${token.accessToken}`);
  });

  it('refreshes with the refresh grant; the old refresh token then fails', async () => {
    const created = await h.query(CREATE, { token: null, variables: { u: admin.userName, p: admin.password } });
    const refreshToken = (created.data?.createToken as { refreshToken: string }).refreshToken;
    const refreshed = await h.query(REFRESH, { token: null, variables: { r: refreshToken } });
    expect(refreshed.errors).toBeUndefined();
    const again = await h.query(REFRESH, { token: null, variables: { r: refreshToken } });
    expect(codes(again)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers bad credentials with UNAUTHENTICATED and the upstream description, never the password', async () => {
    const body = await h.query(CREATE, { token: null, variables: { u: admin.userName, p: 'wrong-password-x9' } });
    expect(body.data).toBeNull();
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(body.errors?.[0]?.message).toMatch(/user name or password/i);
    expect(JSON.stringify(body)).not.toContain('wrong-password-x9');
  });

  it('rejects empty credentials without calling the upstream', async () => {
    const body = await h.query(CREATE, { token: null, variables: { u: '', p: 'x' } });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(h.calls()).toHaveLength(0);
  });
});

describe('Mutation.createToken: failed sign-ins count per client address, never per user alone', () => {
  // The facade on a real loopback socket (the test is its peer, 127.0.0.1), so the client address
  // comes from the socket and X-Forwarded-For as in production.
  let clock = 0;
  let trusting: Harness;
  let trustingUrl: string;
  let untrusting: Harness;
  let untrustingUrl: string;
  const servers: ReturnType<typeof createHttpServer>[] = [];

  const listen = async (harness: Harness) => {
    const server = createHttpServer(harness.yoga, { httpHeadersTimeoutMs: 10_000, httpRequestTimeoutMs: 30_000, httpMaxConnections: 64, maxBodyBytes: 100_000, corsOrigins: [] });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  };
  const limits = { signInPerSecond: 1, signInPerMinute: 5, signInPerMinutePerAddress: 20 };

  beforeAll(async () => {
    trusting = await startHarness({ config: { ...limits, trustedProxies: ['127.0.0.1'] }, now: () => clock });
    trustingUrl = await listen(trusting);
    untrusting = await startHarness({ config: { ...limits, trustedProxies: [] }, now: () => clock });
    untrustingUrl = await listen(untrusting);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await Promise.all([trusting?.close(), untrusting?.close()]);
  });

  const signIn = async (url: string, password: string, forwardedFor: string): Promise<GraphQLResponseBody> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ query: CREATE, variables: { u: admin.userName, p: password } }),
    });
    return (await response.json()) as GraphQLResponseBody;
  };
  const tokenCalls = (harness: Harness) => harness.calls().filter((r) => r.method === 'POST' && r.path.toLowerCase().endsWith('/token')).length;

  it('12 wrong passwords from 203.0.113.5 are throttled after 5; the right one from 198.51.100.7 signs in within the same minute', async () => {
    trusting.reset();
    const answers: (string | undefined)[] = [];
    const callsAfter: number[] = [];
    for (let i = 0; i < 12; i++) {
      clock = 1_000_000 + i * 1_000; // one a second: within the pace rule, all inside one minute
      answers.push(codes(await signIn(trustingUrl, `wrong-${i}`, '203.0.113.5'))[0]);
      callsAfter.push(tokenCalls(trusting));
    }
    expect(answers).toEqual([...Array(5).fill('UNAUTHENTICATED'), ...Array(7).fill('RATE_LIMITED')]);
    // Once throttled the backup server hears nothing more.
    expect(callsAfter).toEqual([1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5]);

    clock += 1_000;
    const user = await signIn(trustingUrl, admin.password, '198.51.100.7');
    expect(user.errors).toBeUndefined();
    expect((user.data?.createToken as { userName: string }).userName).toBe(admin.userName);
    expect(tokenCalls(trusting)).toBe(6);

    // The attacker's address stays throttled for that user, right password or not.
    clock += 1_000;
    const again = await signIn(trustingUrl, admin.password, '203.0.113.5');
    expect(codes(again)).toEqual(['RATE_LIMITED']);
    expect(again.errors?.[0]?.message).toMatch(/try again in \d+ s/);
    expect(tokenCalls(trusting)).toBe(6);
  });

  it('a client that is not a trusted proxy is its socket address: its X-Forwarded-For is ignored', async () => {
    untrusting.reset();
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 7; i++) {
      clock = 2_000_000 + i * 1_000;
      // A new forwarded address each time would dodge the limit if it were believed.
      answers.push(codes(await signIn(untrustingUrl, `wrong-${i}`, `203.0.113.${10 + i}`))[0]);
    }
    expect(answers).toEqual([...Array(5).fill('UNAUTHENTICATED'), 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(tokenCalls(untrusting)).toBe(5);
    // So claiming to be a clean address does not help either.
    clock += 1_000;
    expect(codes(await signIn(untrustingUrl, admin.password, '198.51.100.7'))).toEqual(['RATE_LIMITED']);
    expect(tokenCalls(untrusting)).toBe(5);
  });
});
