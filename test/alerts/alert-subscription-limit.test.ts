/**
 * `alertRaised` counts against the per-token subscription limit (MAX_SUBSCRIPTIONS_PER_TOKEN)
 * like every other subscription: refused with SUBSCRIPTION_LIMIT before any upstream call, and
 * the slot is given back when the stream ends.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryAlertStore, type MemoryAlertStore } from '../helpers/alert-store.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { listen, sseClient, watch } from '../helpers/sse.js';

const ALERT_RAISED = 'subscription { alertRaised { id } }';
const SESSION_UPDATED = 'subscription ($id: ID!) { jobSessionUpdated(id: $id) { id } }';

let h: Harness;
let store: MemoryAlertStore;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  store = createMemoryAlertStore();
  h = await startHarness({
    version: 'v8',
    config: {
      maxSubscriptionsPerToken: 2,
      alerts: { targets: [{ name: 'ops', type: 'webhook', url: new URL('https://hooks.example.invalid/vbm') }], rules: [{ kind: 'jobSessionFailed', targets: ['ops'] }] },
    },
    alerting: { store, sendTest: async () => true },
  });
  server = await listen(h);
});

afterAll(async () => {
  await server?.close();
  await h?.close();
});

/** One subscription request answered at once (a refusal), its whole text; a stream that stays open fails it (bounded). */
async function refusedText(query: string, token: string, variables: Record<string, unknown> = {}): Promise<string> {
  const response = await h.yoga.fetch('http://facade.invalid/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  return response.text();
}

describe('alertRaised and the per-token subscription limit', () => {
  it('a token at its limit is refused another alertRaised or any other subscription, before any upstream call; closing one frees its slot', async () => {
    const operator = sseClient(server.url, h.operatorToken);
    const first = watch(operator, ALERT_RAISED);
    const second = watch(operator, ALERT_RAISED);
    const admin = watch(sseClient(server.url, h.adminToken), ALERT_RAISED);
    let third: ReturnType<typeof watch> | undefined;
    try {
      await vi.waitFor(() => expect(store.watching()).toBe(3), { timeout: 20_000, interval: 20 });
      h.reset();
      expect(await refusedText(ALERT_RAISED, h.operatorToken)).toContain('SUBSCRIPTION_LIMIT');
      expect(await refusedText(SESSION_UPDATED, h.operatorToken, { id: '0f0e0d0c-0b0a-4909-8807-060504030201' })).toContain('SUBSCRIPTION_LIMIT');
      expect(h.calls()).toHaveLength(0);
      expect(store.watching()).toBe(3);

      // The slot comes back when a stream ends.
      first.dispose();
      await vi.waitFor(() => expect(store.watching()).toBe(2), { timeout: 20_000, interval: 20 });
      third = watch(operator, ALERT_RAISED);
      await vi.waitFor(() => expect(store.watching()).toBe(3), { timeout: 20_000, interval: 20 });
      // The operator's third stream was read with its own token (its visibility), nobody else's.
      expect(h.calls().every((call) => call.authorization === `Bearer ${h.operatorToken}`)).toBe(true);
      expect(h.calls().length).toBeGreaterThan(0);
    } finally {
      first.dispose();
      second.dispose();
      third?.dispose();
      admin.dispose();
      await vi.waitFor(() => expect(store.watching()).toBe(0), { timeout: 20_000, interval: 20 });
    }
  });
});
