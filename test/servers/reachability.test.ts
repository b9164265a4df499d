import { afterEach, describe, expect, it } from 'vitest';
import { liveSettings, loadConfig, READY_PROBE_TIMEOUT_MS, upstreamSettings, VERSION_RECHECK_MS } from '../../src/config.js';
import { createBackupApi } from '../../src/datasource/backup-api.js';
import { createServerRuntime, REACHABLE_WINDOW_MS, type ServerRuntime } from '../../src/servers/runtime.js';
import { SEED, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createUpstreamClient } from '../../src/upstream/client.js';
import { createUpstreamEvents } from '../../src/upstream/events.js';
import { manualClock, type Clock } from './servers-harness.js';

// The pinned rule of `BackupServer.reachable` (and of /ready, with its shorter age): true when
// the last discovery, request or probe to that server within REACHABLE_WINDOW_MS succeeded;
// with none in the window, one anonymous probe answers.

let simulator: Simulator | undefined;
let runtime: ServerRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  await simulator?.close();
  runtime = simulator = undefined;
});

/** A runtime over one simulator speaking v8, found by a discovery at start that `answered` (or not), on `clock`. */
async function start(clock: Clock, answered: boolean) {
  simulator = await startSimulator({ host: '127.0.0.1', port: 0 });
  const config = { ...loadConfig({}), retryAttempts: 1 };
  const { baseUrl: _base, ca: _ca, tlsInsecure: _insecure, ...upstream } = upstreamSettings(config, new URL(simulator.origin));
  runtime = createServerRuntime({
    setting: { name: 'eu1', url: new URL(simulator.origin), insecure: false },
    apiVersion: 'v8',
    apiVersionAnswered: answered,
    upstream,
    live: liveSettings(config),
    processEvents: createUpstreamEvents(),
    recheckMs: VERSION_RECHECK_MS,
    budget: config.upstreamBudget,
    now: clock.now,
    probeTimeoutMs: READY_PROBE_TIMEOUT_MS,
  });
  const token = simulator.issueToken('admin');
  simulator.resetRequests();
  const own = runtime;
  // One read with the caller's token through the server's own machinery.
  const read = () =>
    createBackupApi({ client: createUpstreamClient({ upstream: own.upstream, token, baseUrl: own.versions.baseUrl() }), adapter: own.versions.adapter(), server: own.name })
      .jobSession(SEED.jobSessionId)
      .then(
        () => true,
        () => false,
      );
  return { runtime: own, simulator, token, read };
}

const probes = (sim: Simulator) => sim.requests.filter((r) => r.path === '/v8/jobsessions?limit=1');

describe('ServerRuntime.reachable', () => {
  it('trusts the discovery at start for 30 s, then one anonymous probe; a failed request says false at once', async () => {
    const clock = manualClock();
    const { runtime, simulator, token, read } = await start(clock, true);
    // The discovery at start answered: no call within the window.
    expect(await runtime.reachable()).toBe(true);
    clock.advance(REACHABLE_WINDOW_MS - 1);
    expect(await runtime.reachable()).toBe(true);
    expect(simulator.requests).toEqual([]);

    // Past the window: one probe, without a token, shared by concurrent callers.
    clock.advance(1);
    expect(await Promise.all([runtime.reachable(), runtime.reachable(), runtime.reachable()])).toEqual([true, true, true]);
    expect(simulator.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([['GET', '/v8/jobsessions?limit=1', undefined]]);

    // A request that fails (the connection reset) is the last outcome: false, with no probe.
    simulator.resetRequests();
    simulator.injectFault({ reset: true });
    expect(await read()).toBe(false);
    expect(await runtime.reachable()).toBe(false);
    expect(simulator.requests).toHaveLength(1);
    expect(simulator.requests[0]!.authorization).toBe(`Bearer ${token}`);

    // A request that succeeds within the window turns it back to true, still with no probe.
    simulator.clearFaults();
    clock.advance(REACHABLE_WINDOW_MS - 1);
    expect(await read()).toBe(true);
    expect(await runtime.reachable()).toBe(true);
    expect(probes(simulator)).toEqual([]);
  });

  it('a discovery at start that got no answer says false for 30 s; then a probe finds the server back', async () => {
    const clock = manualClock();
    const { runtime, simulator } = await start(clock, false);
    expect(await runtime.reachable()).toBe(false);
    clock.advance(REACHABLE_WINDOW_MS - 1);
    expect(await runtime.reachable()).toBe(false);
    expect(simulator.requests).toEqual([]);
    clock.advance(1);
    expect(await runtime.reachable()).toBe(true);
    expect(probes(simulator)).toHaveLength(1);
    expect(probes(simulator)[0]!.authorization).toBeUndefined();
    // A 401 to the anonymous probe is an answer: the status is kept for /ready.
    expect(await runtime.reachability()).toEqual({ reachable: true, status: 401 });
  });

  it('a probe that fails says false until the window ends or a request succeeds', async () => {
    const clock = manualClock();
    const { runtime, simulator, read } = await start(clock, true);
    clock.advance(REACHABLE_WINDOW_MS);
    simulator.injectFault({ status: 503 });
    expect(await runtime.reachability()).toEqual({ reachable: false, status: 503 });
    clock.advance(REACHABLE_WINDOW_MS - 1);
    expect(await runtime.reachable()).toBe(false);
    expect(probes(simulator)).toHaveLength(1);
    simulator.clearFaults();
    expect(await read()).toBe(true);
    expect(await runtime.reachable()).toBe(true);
    expect(probes(simulator)).toHaveLength(1);
  });
});
