import { afterAll, describe, expect, it } from 'vitest';
import { SEED, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startFacadeProcess, type RunningProcess } from '../helpers/process.js';
import { sseClient, watch } from '../helpers/sse.js';

const started: RunningProcess[] = [];
const simulators: Simulator[] = [];
afterAll(async () => {
  for (const p of started) p.child.kill('SIGKILL');
  for (const s of simulators) await s.close();
});

const SEED_SHAPED = `{ jobSession(id: "${SEED.jobSessionId}") { id status logItem(id: "${SEED.logItemId}") { title status jobSession { id status } } } }`;

describe('the process against a server that serves v6, v7 and v8', () => {
  it('VBM_API_URL without a version: discovers v8, says so at start and in /ready, answers the seed-shaped query; SIGTERM ends a live stream cleanly', async () => {
    const sim = await startSimulator({ versions: ['v6', 'v7', 'v8'], clock: 'manual' });
    simulators.push(sim);
    const proc = startFacadeProcess({ PORT: '0', HOST: '127.0.0.1', VBM_API_URL: sim.origin, SUBSCRIPTION_POLL_MS: '50' });
    started.push(proc);
    const [, endpoint] = await proc.waitFor(/listening: (http:\/\/\S+\/graphql)/);
    expect(proc.output()).toMatch(/backup server API v8 \(discovered\)/);
    const origin = new URL(endpoint!).origin;
    expect(await (await fetch(`${origin}/ready`)).json()).toMatchObject({ ready: true, apiVersion: 'v8' });

    const token = sim.issueToken('admin');
    sim.resetRequests();
    const response = await fetch(endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SEED_SHAPED }),
    });
    expect(await response.json()).toEqual({
      data: {
        jobSession: {
          id: SEED.jobSessionId,
          status: 'SUCCESS',
          logItem: {
            title: '[Success] Job started at 2/26/2021 1:00:00 AM',
            status: 'SUCCESS',
            jobSession: { id: SEED.linkedJobSessionId, status: expect.any(String) },
          },
        },
      },
    });
    const reads = sim.requests.filter((r) => r.method === 'GET').map((r) => r.path.toLowerCase());
    expect(reads.every((p) => p.startsWith('/v8/'))).toBe(true);
    expect(reads).toHaveLength(3);

    // A live stream open when SIGTERM arrives completes cleanly, and the process exits 0.
    const running = sim.data.sessions.find((s) => s.status === 'Running')!;
    const sse = sseClient(origin, token);
    const stream = watch(sse, 'subscription($id: ID!) { jobSessionUpdated(id: $id) { id status } }', { id: running.id });
    await expect.poll(() => stream.results.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    let completed = false;
    void stream.done.then(() => (completed = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(completed).toBe(false);
    proc.child.kill('SIGTERM');
    await stream.done;
    expect(stream.results.every((r) => r.errors === undefined)).toBe(true);
    expect(await proc.exited).toBe(0);
    sse.dispose();
  }, 60_000);
});
