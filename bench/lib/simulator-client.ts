/** Starts `bench/simulator-process.ts` and talks to it over IPC. */
import { ORPHAN_GUARD, ROOT, childEnv, start, type Service } from './processes.js';
import type { ApiVersion } from '../../src/simulator/index.js';
import type { RecordedCall, SimulatorProcessOptions, SimulatorReply, SimulatorRequest } from './simulator-protocol.js';

type Op = SimulatorRequest['op'];
type Payload<O extends Op> = Omit<Extract<SimulatorRequest, { op: O }>, 'id' | 'op'>;

export interface SimulatorHandle {
  service: Service;
  /** The v5 base URL (what the peers and the proxy speak). */
  url: string;
  /** The v8 base URL (the facade's v8 floors). */
  v8Url: string;
  /** The base URL of each API version it serves. */
  baseUrls: Record<ApiVersion, string>;
  /** The instant its seeded data ends (epoch ms). */
  startedAt: number;
  token: string;
  reset(): Promise<void>;
  setLatency(ms: number): Promise<void>;
  count(): Promise<number>;
  requests(): Promise<RecordedCall[]>;
}

const IPC_TIMEOUT_MS = 10_000;

export async function startSimulatorProcess(options: SimulatorProcessOptions = {}, name = 'simulator'): Promise<SimulatorHandle> {
  const service = start({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', '--import', ORPHAN_GUARD, 'bench/simulator-process.ts', JSON.stringify(options)],
    cwd: ROOT,
    env: childEnv({}),
    ipc: true,
  });
  const child = service.child;
  let nextId = 1;
  const waiting = new Map<number, (reply: SimulatorReply) => void>();
  const ready = new Promise<Extract<SimulatorReply, { op: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start:\n${service.output()}`)), 30_000);
    child.on('message', (reply: SimulatorReply) => {
      if (reply.op === 'ready') {
        clearTimeout(timer);
        resolve(reply);
        return;
      }
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    });
    void service.exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`simulator exited:\n${service.output()}`));
    });
  });

  const call = <O extends Op>(op: O, payload: Payload<O>): Promise<Extract<SimulatorReply, { op: O }>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`simulator did not answer ${op} in ${IPC_TIMEOUT_MS} ms`));
      }, IPC_TIMEOUT_MS);
      waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply as Extract<SimulatorReply, { op: O }>);
      });
      child.send({ id, op, ...payload } as SimulatorRequest);
    });

  const { url, v8Url, baseUrls, startedAt, token } = await ready;
  return {
    service,
    url,
    v8Url,
    baseUrls,
    startedAt,
    token,
    reset: async () => {
      await call('reset', {});
    },
    setLatency: async (ms) => {
      await call('latency', { ms });
    },
    count: async () => (await call('count', {})).count,
    requests: async () => (await call('requests', {})).requests,
  };
}
