import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../bench/scenarios.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { recordWaves } from './helpers/waves.js';

// The benchmark's scenarios (bench/scenarios.ts) as a deterministic check: each costs exactly
// its floor of upstream calls and round trips. Counts only, never timings: round trips are
// counted by cause (which request waited for which answer, see helpers/waves.ts), so a busy
// machine that delivers one wave's requests late cannot split the wave. The latency only keeps
// answers from racing the facade as a real upstream would not.
const LATENCY_MS = 25;

// `npm run bench` measures the floors with the facade speaking v5 and v8; so does this test.
describe.each(['v5', 'v8'] as const)('benchmark scenarios meet their floors on API %s', (version) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ version });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s: calls and round trips equal the floor', async (_id, scenario) => {
    h.simulator.setLatency(LATENCY_MS);
    const waves = recordWaves(h.simulator.origin);
    const body = await h.query(scenario.query, { variables: scenario.variables }).finally(() => waves.stop());
    expect(body.errors).toBeUndefined();
    expect(body.data).toBeTruthy();
    const calls = h.calls();
    expect(calls.every((call) => call.method === 'GET' && call.status === 200)).toBe(true);
    expect(calls.every((call) => call.path.toLowerCase().startsWith(`/${version}/`))).toBe(true);
    // Every call the simulator served is one the facade issued, and none else.
    expect(waves.requests()).toBe(calls.length);
    expect({ calls: calls.length, roundTrips: waves.roundTrips() }).toEqual(scenario.floor);
  });
});
