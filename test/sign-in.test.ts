import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../src/simulator/index.js';
import { codes, startHarness, type Harness } from './helpers/harness.js';

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
