import { afterEach, describe, expect, it } from 'vitest';
import { ORGANIZATION_IDS, SEED } from '../../src/simulator/index.js';
import { codes, startHarness, type Harness } from '../helpers/harness.js';

// Retries count against the budget, re-check the breaker, and are bounded per process.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const SESSION = /^\/v5\/jobsessions\/[^/]+$/;

describe('retries against a failing upstream', () => {
  it('every attempt, retries included, counts against the operation budget', async () => {
    h = await startHarness({ config: { upstreamBudget: 10, retryAttempts: 3 } });
    h.simulator.injectFault({ path: /\/logitems$/, status: 503, headers: { 'Retry-After': '0' } });
    const body = await h.query('{ jobSessions(first: 5) { edges { node { logItems(first: 2) { edges { cursor } } } } } }');
    expect(codes(body).length).toBeGreaterThan(0);
    // 1 list call and 5 first attempts; retries stop at the budget of 10 (unbudgeted: 1 + 5 × 3 = 16 calls).
    expect(h.calls().length).toBeGreaterThanOrEqual(6);
    expect(h.calls().length).toBeLessThanOrEqual(10);
  });

  it('retries stay within the process retry budget (20% of first attempts plus a burst of 10)', async () => {
    h = await startHarness({ config: { retryAttempts: 5, retryBudgetPercent: 20, breakerThreshold: 1000 } });
    h.simulator.injectFault({ path: SESSION, status: 503, headers: { 'Retry-After': '0' } });
    const queries = 40;
    for (let i = 0; i < queries; i++) {
      expect(codes(await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id } }`))).toEqual(['UPSTREAM_UNAVAILABLE']);
    }
    expect(h.calls().length).toBeGreaterThanOrEqual(queries);
    expect(h.calls().length).toBeLessThanOrEqual(queries + 10 + Math.ceil(queries * 0.2));
  });

  it('the breaker is checked before every attempt: retries stop once it opens', async () => {
    h = await startHarness({ config: { retryAttempts: 3, breakerThreshold: 2, breakerCooldownMs: 10_000 } });
    h.simulator.injectFault({ path: SESSION, status: 503, headers: { 'Retry-After': '1' } });
    const fabrikam = h.simulator.data.sessions.find((s) => s.organizationId === ORGANIZATION_IDS.fabrikam)!.id;
    const bodies = await Promise.all([
      h.query(`{ jobSession(id: "${SEED.jobSessionId}") { id } }`, { token: h.adminToken }),
      h.query(`{ jobSession(id: "${fabrikam}") { id } }`, { token: h.operatorToken }),
    ]);
    // Two callers' 503s open the breaker; the retries a second later find it open.
    expect(h.calls()).toHaveLength(2);
    for (const body of bodies) {
      expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(body.errors?.[0]?.message).toMatch(/paused/);
    }
  });
});
