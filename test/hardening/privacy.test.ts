import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { DEMO_USERS, SEED } from '../../src/simulator/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let lines: string[];
let h: Harness;
beforeEach(async () => {
  lines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  // The most verbose level: whatever Yoga or the facade would log, this captures.
  h = await startHarness({ logger: createLogger('trace', sink), config: { retryAttempts: 2 } });
});
afterEach(() => h.close());

describe('logs', () => {
  it('never contain Authorization, passwords, access or refresh tokens, across sign-in, refresh, queries and retries', async () => {
    const admin = DEMO_USERS[0]!;
    const signIn = await h.query(
      'mutation($u: String!, $p: String!) { createToken(username: $u, password: $p) { accessToken refreshToken } }',
      { token: null, variables: { u: admin.userName, p: admin.password } },
    );
    const { accessToken, refreshToken } = signIn.data?.createToken as { accessToken: string; refreshToken: string };
    const refreshed = await h.query('mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken } }', {
      token: null,
      variables: { r: refreshToken },
    });
    const second = refreshed.data?.refreshToken as { accessToken: string; refreshToken: string };
    await h.query('mutation { createToken(username: "admin", password: "wrong-Secret-42") { accessToken } }', { token: null });
    h.simulator.injectFault({ path: /\/logitems\//, status: 503, times: 1 });
    await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { status logItem(id: "${SEED.logItemId}") { title } } }`, {
      token: accessToken,
      headers: { 'x-request-id': 'req-privacy-1' },
    });
    await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { status } }`, { token: 'bogus-token-value-123' });

    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const secret of [
      admin.password,
      'wrong-Secret-42',
      accessToken,
      refreshToken,
      second.accessToken,
      second.refreshToken,
      h.adminToken,
      'bogus-token-value-123',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text.toLowerCase()).not.toContain('bearer ');

    // What is logged is useful: the request id, the operation, its upstream attempts (the retry included).
    const operation = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === 'req-privacy-1');
    expect(operation).toMatchObject({ msg: 'graphql operation', upstreamCalls: 3 });
    expect(text).toContain('retrying');
  });

  it('pass the request id on to the upstream, on every call of the request, retries included', async () => {
    h.simulator.injectFault({ path: /\/logitems\//, status: 503, times: 1 });
    const body = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { status logItem(id: "${SEED.logItemId}") { title } } }`, {
      headers: { 'x-request-id': 'req-privacy-2' },
    });
    expect(body.errors).toBeUndefined();
    // The session and the log item are read concurrently; the log item once more after its 503.
    expect(h.calls().map((c) => c.status).sort()).toEqual([200, 200, 503]);
    expect(h.calls().map((c) => c.requestId)).toEqual(['req-privacy-2', 'req-privacy-2', 'req-privacy-2']);
  });
});
