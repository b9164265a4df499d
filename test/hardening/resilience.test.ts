import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/index.js';
import { codes, paths, startHarness, type Harness } from '../helpers/harness.js';

const SESSION = /^\/v5\/jobsessions\/[^/]+$/;
const QUERY = `{ jobSession(id: "${SEED.jobSessionId}") { id status } }`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function harness(config: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness(config);
  return h;
}

/** A clock the test moves by hand: waits before a retry take no real time and are recorded. */
function manualClock() {
  const clock = {
    ms: 0,
    waits: [] as number[],
    now: () => clock.ms,
    async sleep(ms: number, signal: AbortSignal) {
      signal.throwIfAborted();
      clock.waits.push(ms);
      clock.ms += ms;
    },
  };
  return clock;
}

/** Polls `check` every 10 ms, at most `ms` long (generous: a busy machine is slow, not wrong). */
async function eventually(check: () => boolean, ms = 10_000) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return check();
}

describe('retries of idempotent GETs', () => {
  it.each([502, 503, 504, 429])('retries a %i and answers with the data', async (status) => {
    const t = await harness();
    t.simulator.injectFault({ path: SESSION, status, times: 1 });
    const body = await t.query(QUERY);
    expect(body.errors).toBeUndefined();
    expect(t.calls().map((c) => c.status)).toEqual([status, 200]);
  });

  it('waits as long as Retry-After says', async () => {
    const clock = manualClock();
    const t = await harness({ upstreamClock: clock });
    t.simulator.injectFault({ path: SESSION, status: 503, headers: { 'Retry-After': '1' }, times: 1 });
    const body = await t.query(QUERY);
    expect(body.errors).toBeUndefined();
    expect(t.calls().map((c) => c.status)).toEqual([503, 200]);
    // Without Retry-After the wait would be the jittered backoff (at most 100 ms on the first retry).
    expect(clock.waits).toEqual([1_000]);
  });

  it('does not wait for a Retry-After beyond the deadline: fails at once', async () => {
    const t = await harness({ config: { timeoutMs: 10_000 } });
    t.simulator.injectFault({ path: SESSION, status: 503, headers: { 'Retry-After': '30' } });
    const body = await t.query(QUERY);
    expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(t.calls()).toHaveLength(1);
  });

  it('retries a reset connection', async () => {
    const t = await harness();
    t.simulator.injectFault({ path: SESSION, reset: true, times: 1 });
    const body = await t.query(QUERY);
    expect(body.errors).toBeUndefined();
    expect(t.calls()).toHaveLength(2);
  });

  it('gives up after the configured attempts with UPSTREAM_UNAVAILABLE', async () => {
    const t = await harness({ config: { retryAttempts: 4 } });
    t.simulator.injectFault({ path: SESSION, status: 503 });
    const body = await t.query(QUERY);
    expect(body.data).toEqual({ jobSession: null });
    expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(t.calls()).toHaveLength(4);
  });

  it.each([500, 400, 401, 403, 404])('never retries a %i', async (status) => {
    const t = await harness();
    t.simulator.injectFault({ path: SESSION, status });
    await t.query(QUERY);
    expect(t.calls()).toHaveLength(1);
  });

  it('never retries the token POST', async () => {
    const t = await harness();
    t.simulator.injectFault({ path: /\/token$/, status: 503 });
    const body = await t.query('mutation { createToken(username: "admin", password: "demo-password") { accessToken } }', { token: null });
    expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(t.calls()).toHaveLength(1);
  });
});

describe('circuit breaker', () => {
  const BREAKER = { retryAttempts: 1, breakerThreshold: 3, breakerCooldownMs: 10_000, breakerMinCallers: 2 };

  it('opens after consecutive 503s from two callers: fails fast with no upstream call, probes after the cooldown, closes', async () => {
    const clock = manualClock();
    const t = await harness({ config: BREAKER, upstreamClock: clock });
    t.simulator.injectFault({ path: SESSION, status: 503 });
    for (const token of [t.adminToken, t.operatorToken, t.adminToken]) {
      const body = await t.query(QUERY, { token });
      expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(body.errors?.[0]?.message).not.toMatch(/paused/);
    }
    expect(t.calls()).toHaveLength(3);

    // Open: both callers fail fast, and the backup server sees none of it.
    for (const token of [t.adminToken, t.operatorToken]) {
      const fast = await t.query(QUERY, { token });
      expect(codes(fast)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(fast.errors?.[0]?.message).toMatch(/paused/);
    }
    expect(t.calls()).toHaveLength(3);

    t.simulator.clearFaults();
    clock.ms += BREAKER.breakerCooldownMs - 1;
    expect((await t.query(QUERY)).errors?.[0]?.message).toMatch(/paused/);
    expect(t.calls()).toHaveLength(3);

    // The cooldown is over: one probe goes through, it succeeds, and the breaker is closed again.
    clock.ms += 1;
    expect((await t.query(QUERY)).errors).toBeUndefined();
    expect((await t.query(QUERY)).errors).toBeUndefined();
    expect(t.calls()).toHaveLength(5);
  });

  it('one caller alone never opens it, however many 503s it gets', async () => {
    const t = await harness({ config: BREAKER, upstreamClock: manualClock() });
    t.simulator.injectFault({ path: SESSION, status: 503 });
    for (let i = 0; i < 2 * BREAKER.breakerThreshold; i++) {
      const body = await t.query(QUERY);
      expect(body.errors?.[0]?.message).not.toMatch(/paused/);
    }
    expect(t.calls()).toHaveLength(2 * BREAKER.breakerThreshold);
    t.simulator.clearFaults();
    expect((await t.query(QUERY)).errors).toBeUndefined();
    expect(t.calls()).toHaveLength(2 * BREAKER.breakerThreshold + 1);
  });

  it.each([401, 404])('%i answers from two callers never open it: every query reaches the server', async (status) => {
    const t = await harness({ config: BREAKER, upstreamClock: manualClock() });
    t.simulator.injectFault({ path: SESSION, status });
    const queries = 2 * BREAKER.breakerThreshold;
    for (let i = 0; i < queries; i++) {
      const body = await t.query(QUERY, { token: i % 2 === 0 ? t.adminToken : t.operatorToken });
      expect(codes(body)).toEqual([status === 401 ? 'UNAUTHENTICATED' : 'NOT_FOUND']);
    }
    expect(t.calls().map((c) => c.status)).toEqual(Array(queries).fill(status));
    t.simulator.clearFaults();
    expect((await t.query(QUERY)).errors).toBeUndefined();
    expect(t.calls()).toHaveLength(queries + 1);
  });

  it('a 401 between 503s ends the failure streak', async () => {
    const t = await harness({ config: BREAKER, upstreamClock: manualClock() });
    const fail = (status: number, token: string) => {
      t.simulator.injectFault({ path: SESSION, status, times: 1 });
      return t.query(QUERY, { token });
    };
    await fail(503, t.adminToken);
    await fail(503, t.operatorToken);
    await fail(401, t.adminToken);
    await fail(503, t.operatorToken);
    await fail(503, t.adminToken);
    // Four 503s from two callers, but never three in a row: still closed.
    expect((await t.query(QUERY)).errors).toBeUndefined();
    expect(t.calls().map((c) => c.status)).toEqual([503, 503, 401, 503, 503, 200]);
  });
});

describe('faults in a multi-call query keep the rest of the data', () => {
  const MULTI = `{ jobSession(id: "${SEED.linkedJobSessionId}") { id status job { name } logItems(first: 3) { edges { node { usn } } } } }`;

  it('a 401 on one call in the middle', async () => {
    const t = await harness();
    t.simulator.injectFault({ path: /^\/v5\/jobs\//, status: 401 });
    const body = await t.query(MULTI);
    const session = body.data?.jobSession as { id: string; job: unknown; logItems: { edges: unknown[] } };
    expect(session.id).toBe(SEED.linkedJobSessionId);
    expect(session.job).toBeNull();
    expect(session.logItems.edges).toHaveLength(3);
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(t.calls()).toHaveLength(3);
  });

  it('a slow body within the deadline is read whole', async () => {
    const t = await harness();
    t.simulator.injectFault({ path: /\/logitems$/, slowBodyMs: 400 });
    const body = await t.query(MULTI);
    expect(body.errors).toBeUndefined();
    expect(t.calls()).toHaveLength(3);
  });

  it('a slow body past the deadline is UPSTREAM_TIMEOUT for that field only', async () => {
    // The other two calls must fit in the deadline on a busy machine: seconds, not milliseconds.
    const t = await harness({ config: { timeoutMs: 3_000 } });
    t.simulator.injectFault({ path: /\/logitems$/, slowBodyMs: 30_000 });
    const body = await t.query(MULTI);
    expect((body.data?.jobSession as { job: { name: string } }).job.name).toBeTruthy();
    expect(codes(body)).toEqual(['UPSTREAM_TIMEOUT']);
    expect(t.calls()).toHaveLength(3);
  });
});

describe('cancellation', () => {
  // In process (Yoga's Fetch adapter) and over a loopback socket (the node:http fast path).
  it.each([false, true])('a client that disconnects cancels its upstream calls (over a socket: %s)', async (overSocket) => {
    const t = await harness({ config: { timeoutMs: 60_000 }, overSocket });
    t.simulator.injectFault({ path: SESSION, hang: true });
    const controller = new AbortController();
    const pending = Promise.resolve(
      t.yoga.fetch('http://facade.invalid/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
        body: JSON.stringify({ query: QUERY }),
        signal: controller.signal,
      }),
    ).catch(() => undefined);
    expect(await eventually(() => t.calls().length === 1)).toBe(true);
    controller.abort();
    await pending;
    // The simulator sees its socket closed long before the 60 s deadline.
    expect(await eventually(() => t.calls()[0]?.endedAt !== undefined)).toBe(true);
    expect(paths(t.calls())).toEqual([`/jobsessions/${SEED.jobSessionId}`]);
  }, 30_000);
});
