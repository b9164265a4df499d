import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { ORGANIZATION_IDS, SEED } from '../../src/simulator/index.js';
import { codes, startHarness, type GraphQLResponseBody, type Harness } from '../helpers/harness.js';

// One tenant must not deny service to another through the shared breaker or queue.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Polls `check` every 10 ms, at most `ms` long. */
async function eventually(check: () => boolean, ms = 5_000) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return check();
}

const sessionQuery = (id: string) => `{ jobSession(id: "${id}") { id } }`;

async function setup(config: Partial<Config>) {
  h = await startHarness({ config });
  const noisySession = h.simulator.data.sessions.find((s) => s.organizationId === ORGANIZATION_IDS.fabrikam)!.id;
  return {
    t: h,
    noisy: { token: h.operatorToken, session: noisySession, path: new RegExp(`^/v5/jobsessions/${noisySession}$`) },
    quiet: { token: h.adminToken, session: SEED.jobSessionId },
  };
}

describe("one caller's failures", () => {
  it("one caller's 500s, 429s and timeouts do not open the breaker for another caller", async () => {
    const { t, noisy, quiet } = await setup({ breakerThreshold: 3, retryAttempts: 1, timeoutMs: 500 });
    t.simulator.injectFault({ path: noisy.path, status: 500, times: 5 });
    t.simulator.injectFault({ path: noisy.path, status: 429, times: 5 });
    t.simulator.injectFault({ path: noisy.path, hang: true, times: 3 });
    const noisyCodes: (string | undefined)[] = [];
    for (let i = 0; i < 13; i++) noisyCodes.push(...codes(await t.query(sessionQuery(noisy.session), { token: noisy.token })));
    expect(noisyCodes).toEqual([...Array(10).fill('UPSTREAM_UNAVAILABLE'), ...Array(3).fill('UPSTREAM_TIMEOUT')]);
    expect(t.calls()).toHaveLength(13);

    const body = await t.query(sessionQuery(quiet.session), { token: quiet.token });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ jobSession: { id: quiet.session } });
    expect(t.calls()).toHaveLength(14);
    expect(t.calls()[13]!.authorization).toBe(`Bearer ${quiet.token}`);
  });
});

describe('the upstream connection queue', () => {
  it('time queued for a connection is not part of the upstream deadline', async () => {
    const { t, noisy } = await setup({ maxUpstreamConnections: 1, timeoutMs: 1_000, queueTimeoutMs: 20_000, retryAttempts: 1 });
    // Eight calls of 250 ms each on one connection: the last waits about 1.75 s, longer than the deadline.
    t.simulator.injectFault({ path: noisy.path, delayMs: 250 });
    const bodies = await Promise.all(Array.from({ length: 8 }, () => t.query(sessionQuery(noisy.session), { token: noisy.token })));
    expect(bodies.flatMap(codes)).toEqual([]);
    expect(t.calls()).toHaveLength(8);
    expect(t.calls().every((c) => c.status === 200)).toBe(true);
  });

  it("a caller's burst waits in its own lane: another caller goes next, and the burst beyond its share is shed", async () => {
    const { t, noisy, quiet } = await setup({
      maxUpstreamConnections: 1,
      maxUpstreamQueuePerCaller: 4,
      timeoutMs: 600,
      queueTimeoutMs: 20_000,
      retryAttempts: 1,
    });
    t.simulator.injectFault({ path: noisy.path, hang: true });
    const stop = new AbortController();
    const noisyBodies: GraphQLResponseBody[] = [];
    const burst = Array.from({ length: 8 }, () =>
      Promise.resolve(
        t.yoga.fetch('http://facade.invalid/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${noisy.token}` },
          body: JSON.stringify({ query: sessionQuery(noisy.session) }),
          signal: stop.signal,
        }),
      )
        .then(async (r) => noisyBodies.push((await r.json()) as GraphQLResponseBody))
        .catch(() => undefined),
    );
    // One call holds the connection, four wait in the noisy lane, three are shed at once.
    expect(await eventually(() => noisyBodies.length === 3 && t.calls().length === 1)).toBe(true);
    expect(noisyBodies.flatMap(codes)).toEqual(Array(3).fill('UPSTREAM_OVERLOADED'));

    const quietBody = await t.query(sessionQuery(quiet.session), { token: quiet.token });
    expect(quietBody.errors).toBeUndefined();
    // Round robin: after the hanging call times out, one noisy call and then the quiet caller's.
    const order = t.calls().map((c) => (c.authorization === `Bearer ${quiet.token}` ? 'quiet' : 'noisy'));
    expect(order).toEqual(['noisy', 'noisy', 'quiet']);
    stop.abort();
    await Promise.all(burst);
    // The aborted waiters left the queue without reaching the upstream.
    expect(t.calls()).toHaveLength(3);
  });
});
