import { afterAll, describe, expect, it } from 'vitest';
import { SEED, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startFacadeProcess, type RunningProcess } from '../helpers/process.js';

let simulator: Simulator | undefined;
let proc: RunningProcess | undefined;
afterAll(async () => {
  proc?.child.kill('SIGKILL');
  await simulator?.close();
});

describe('SIGTERM', () => {
  it('stops accepting, finishes the request in flight, and exits 0', async () => {
    simulator = await startSimulator({ latencyMs: 800 });
    proc = startFacadeProcess({ VBM_API_URL: simulator.url, PORT: '0', HOST: '127.0.0.1', SHUTDOWN_GRACE_MS: '5000' });
    const [, url] = await proc.waitFor(/listening: (http:\/\/\S+\/graphql)/);
    const token = simulator.issueToken('admin');

    const inFlight = fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ jobSession(id: "${SEED.jobSessionId}") { status } }` }),
    });
    // Once the facade's upstream call has arrived, the request is surely in flight.
    // (Polled for up to 15 s: a busy machine is slow, not wrong.)
    for (let i = 0; i < 1_500 && simulator.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(simulator.requests).toHaveLength(1);
    proc.child.kill('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { jobSession: { status: 'SUCCESS' } } });
    expect(await proc.exited).toBe(0);
    await expect(fetch(url!, { method: 'POST', body: '{}' })).rejects.toThrow();
  }, 40_000);
});
