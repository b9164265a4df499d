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
    const t = await harness();
    t.simulator.injectFault({ path: SESSION, status: 503, headers: { 'Retry-After': '1' }, times: 1 });
    const body = await t.query(QUERY);
    expect(body.errors).toBeUndefined();
    const [first, second] = t.calls();
    expect(second!.startedAt - first!.endedAt!).toBeGreaterThanOrEqual(950);
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
  it('fails fast after consecutive 503s from two callers, then probes and closes again', async () => {
    // The fast failure must come within the cooldown, so it is seconds, not milliseconds.
    const cooldownMs = 2_000;
    const t = await harness({ config: { retryAttempts: 1, breakerThreshold: 3, breakerCooldownMs: cooldownMs } });
    t.simulator.injectFault({ path: SESSION, status: 503 });
    const tokens = [t.adminToken, t.operatorToken, t.adminToken];
    for (const token of tokens) expect(codes(await t.query(QUERY, { token }))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(t.calls()).toHaveLength(3);

    const fast = await t.query(QUERY);
    expect(codes(fast)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(fast.errors?.[0]?.message).toMatch(/paused/);
    expect(t.calls()).toHaveLength(3);

    t.simulator.clearFaults();
    await new Promise((r) => setTimeout(r, cooldownMs + 50));
    expect((await t.query(QUERY)).errors).toBeUndefined();
    expect((await t.query(QUERY)).errors).toBeUndefined();
    expect(t.calls()).toHaveLength(5);
  });

  it('does not count 404s or 401s as upstream failures', async () => {
    const t = await harness({ config: { breakerThreshold: 2 } });
    t.simulator.injectFault({ path: SESSION, status: 404, times: 5 });
    for (let i = 0; i < 5; i++) await t.query(QUERY);
    expect((await t.query(QUERY)).errors).toBeUndefined();
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
  it('a client that disconnects cancels its upstream calls', async () => {
    const t = await harness({ config: { timeoutMs: 60_000 } });
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
