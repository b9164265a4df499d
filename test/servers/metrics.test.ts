import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.js';
import { signIn, someSessionId, startServersHarness, type Replica, type ServerName, type ServersHarness } from './servers-harness.js';

// The upstream metrics carry a `server` label whose values are the configured names only, so
// one server's failures show in its own series and nowhere else.

let harness: ServersHarness;
let facade: Replica;
const ids = {} as Record<ServerName, string>;

beforeAll(async () => {
  harness = await startServersHarness();
  for (const name of ['eu1', 'apac1'] as const) ids[name] = await someSessionId(harness, name);
  // No retries and a breaker that stays open for the whole test: counts, not timing.
  facade = await harness.replica({
    metrics: createMetrics(),
    config: { retryAttempts: 1, breakerThreshold: 4, breakerMinCallers: 2, breakerCooldownMs: 600_000 },
  });
});
afterAll(() => harness.close());

const BOTH = `query ($eu: ID!, $apac: ID!) {
  eu: jobSession(server: "eu1", id: $eu) { id }
  apac: jobSession(server: "apac1", id: $apac) { id }
}`;

async function scrape(): Promise<string> {
  return (await facade.yoga.fetch('http://facade.invalid/metrics')).text();
}

/** The values of the `server` label across the upstream metrics. */
function serverLabels(text: string): Set<string> {
  return new Set([...text.matchAll(/^upstream_(?:requests_total|request_duration_seconds\w*|retries_total|circuit_breaker_state)\{[^}]*server="([^"]*)"/gm)].map((m) => m[1]!));
}

describe('upstream metrics by server', () => {
  it('each configured server has its own breaker series from the start, and no other server label appears', async () => {
    const text = await scrape();
    for (const name of ['eu1', 'us1', 'apac1']) expect(text).toContain(`upstream_circuit_breaker_state{server="${name}",state="closed"} 1`);
    expect(serverLabels(text)).toEqual(new Set(['eu1', 'us1', 'apac1']));
  });

  it("a server that fails opens only its own breaker; its attempts are counted under its name", async () => {
    const sessions = [await signIn(facade), await signIn(facade)];
    harness.simulators.apac1.injectFault({ reset: true });
    try {
      harness.reset();
      // Two callers, two failures each: apac1's breaker opens (threshold 4, two callers).
      for (const token of [...sessions, ...sessions]) {
        const answer = await facade.query(BOTH, { token, variables: { eu: ids.eu1, apac: ids.apac1 } });
        expect(answer.data?.eu).toEqual({ id: ids.eu1 });
        expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
      }
      expect(harness.calls('apac1')).toHaveLength(4);
      expect(harness.calls('eu1')).toHaveLength(4);
      expect(harness.calls('us1')).toHaveLength(0);

      const text = await scrape();
      expect(text).toContain('upstream_circuit_breaker_state{server="apac1",state="open"} 1');
      expect(text).toContain('upstream_circuit_breaker_state{server="apac1",state="closed"} 0');
      for (const name of ['eu1', 'us1']) {
        expect(text).toContain(`upstream_circuit_breaker_state{server="${name}",state="closed"} 1`);
        expect(text).toContain(`upstream_circuit_breaker_state{server="${name}",state="open"} 0`);
      }
      // Each server's reads under its own name: eu1's answered, apac1's reset.
      expect(text).toContain('upstream_requests_total{server="eu1",method="GET",route="/jobsessions/{id}",status="200"} 4');
      expect(text).toMatch(/^upstream_requests_total\{server="apac1",method="GET",route="\/jobsessions\/\{id\}",status="(?!200)[^"]+"\} 4$/m);
      expect(text).not.toMatch(/^upstream_requests_total\{server="us1",method="GET",route="\/jobsessions/m);
      expect(text).toMatch(/^upstream_request_duration_seconds_count\{server="apac1",method="GET",route="\/jobsessions\/\{id\}"\} 4$/m);
      expect(serverLabels(text)).toEqual(new Set(['eu1', 'us1', 'apac1']));
      // No token, session or id in a label.
      for (const token of sessions) expect(text).not.toContain(token.slice(6, 30));
      expect(text).not.toContain(ids.eu1);
    } finally {
      harness.simulators.apac1.clearFaults();
    }
  });
});
