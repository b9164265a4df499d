/**
 * The REST simulator in its own process, so neither the load generator nor the system under
 * test shares its event loop. Driven by `bench/lib/simulator-client.ts` over the IPC channel;
 * exits when that channel closes (the bench process ended, however it ended). Its one argument,
 * JSON `SimulatorProcessOptions`, sets its latency, dataset and clock.
 */
import { API_VERSIONS, DEMO_USERS, startSimulator } from '../src/simulator/index.js';
import type { SimulatorProcessOptions, SimulatorReply, SimulatorRequest } from './lib/simulator-protocol.js';

if (!process.send) {
  console.error('bench/simulator-process.ts is started by the benches through bench/lib/simulator-client.ts (it needs an IPC channel)');
  process.exit(2);
}

const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorProcessOptions;
const { startedAt } = options;
const launched = Date.now();
const simulator = await startSimulator({
  host: '127.0.0.1',
  port: 0,
  latencyMs: options.latencyMs ?? 0,
  variant: options.variant,
  clock: options.clock,
  frozenReads: options.frozenReads,
  // Starts at `startedAt` and runs on, so the `real` clock still moves.
  now: startedAt === undefined ? undefined : () => startedAt + (Date.now() - launched),
});
const token = simulator.issueToken(DEMO_USERS[0]!.userName);

const reply = (message: SimulatorReply) => process.send?.(message);

let closing = false;
const shutdown = (code: number) => {
  if (closing) return;
  closing = true;
  void simulator.close().finally(() => process.exit(code));
  setTimeout(() => process.exit(code), 2_000).unref();
};

process.on('message', (message: SimulatorRequest) => {
  switch (message.op) {
    case 'reset':
      simulator.resetRequests();
      return reply({ id: message.id, op: 'reset' });
    case 'latency':
      simulator.setLatency(message.ms);
      return reply({ id: message.id, op: 'latency' });
    case 'count':
      return reply({ id: message.id, op: 'count', count: simulator.requests.length });
    case 'requests':
      return reply({
        id: message.id,
        op: 'requests',
        requests: simulator.requests.map((r) => ({
          method: r.method,
          path: r.path,
          authorization: r.authorization,
          startedAt: r.startedAt,
          endedAt: r.endedAt,
          status: r.status,
        })),
      });
    case 'close':
      return shutdown(0);
  }
});
process.on('disconnect', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));

const baseUrls = Object.fromEntries(API_VERSIONS.map((version) => [version, simulator.baseUrl(version)])) as Record<(typeof API_VERSIONS)[number], string>;
reply({ id: 0, op: 'ready', url: simulator.url, v8Url: simulator.baseUrl('v8'), baseUrls, startedAt: simulator.startedAt, token });
