/**
 * The REST simulator in its own process, so neither the load generator nor the system under
 * test shares its event loop. Driven by `bench/lib/simulator-client.ts` over the IPC channel;
 * exits when that channel closes (the bench process ended, however it ended).
 */
import { DEMO_USERS, startSimulator } from '../src/simulator/index.js';
import type { SimulatorReply, SimulatorRequest } from './lib/simulator-protocol.js';

if (!process.send) {
  console.error('bench/simulator-process.ts is started by bench/run.ts (it needs an IPC channel)');
  process.exit(2);
}

const simulator = await startSimulator({ host: '127.0.0.1', port: 0, latencyMs: 0 });
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

reply({ id: 0, op: 'ready', url: simulator.url, v8Url: simulator.baseUrl('v8'), token });
