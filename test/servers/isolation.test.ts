import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, someSessionId, startServersHarness, type ServerName, type ServersHarness } from './servers-harness.js';

let harness: ServersHarness;
const ids = {} as Record<ServerName, string>;

beforeAll(async () => {
  harness = await startServersHarness();
  for (const name of ['eu1', 'apac1'] as const) ids[name] = await someSessionId(harness, name);
});
afterAll(() => harness.close());

const BOTH = `query ($eu: ID!, $apac: ID!) {
  eu: jobSession(server: "eu1", id: $eu) { id server { name } }
  apac: jobSession(server: "apac1", id: $apac) { id }
}`;

describe('one server failing', () => {
  it('leaves the others answering; its breaker opens alone and it shows as unreachable', async () => {
    // No retries and a breaker that stays open for the whole test: counts, not timing.
    const facade = await harness.replica({ config: { retryAttempts: 1, breakerThreshold: 4, breakerMinCallers: 2, breakerCooldownMs: 600_000 } });
    const sessions = [await signIn(facade), await signIn(facade)];
    harness.simulators.apac1.injectFault({ reset: true });
    try {
      harness.reset();
      // Two callers, two failures each: apac1's breaker opens (threshold 4, two callers).
      for (const token of [...sessions, ...sessions]) {
        const answer = await facade.query(BOTH, { token, variables: { eu: ids.eu1, apac: ids.apac1 } });
        expect(answer.data?.eu).toEqual({ id: ids.eu1, server: { name: 'eu1' } });
        expect(answer.errors?.map((error) => [error.path?.[0], error.extensions?.code])).toEqual([['apac', 'UPSTREAM_UNAVAILABLE']]);
      }
      expect(harness.calls('apac1')).toHaveLength(4);
      expect(harness.calls('eu1')).toHaveLength(4);

      // Open now: apac1 is not called again, eu1 still is, and answers.
      harness.reset();
      const answer = await facade.query(BOTH, { token: sessions[0]!, variables: { eu: ids.eu1, apac: ids.apac1 } });
      expect(answer.data?.eu).toEqual({ id: ids.eu1, server: { name: 'eu1' } });
      expect(answer.errors?.map((error) => [error.path?.[0], error.extensions?.code])).toEqual([['apac', 'UPSTREAM_UNAVAILABLE']]);
      expect(harness.calls('apac1')).toEqual([]);
      expect(harness.calls('eu1')).toHaveLength(1);

      const servers = await facade.query('{ servers { name reachable } }', { token: sessions[0]! });
      expect(servers.data?.servers).toEqual([
        { name: 'eu1', reachable: true },
        { name: 'us1', reachable: true },
        { name: 'apac1', reachable: false },
      ]);
    } finally {
      harness.simulators.apac1.clearFaults();
    }
  });
});
