/** What the simulator offers the alert rules: sessions that end Failed, and infrastructure a test can change. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';

let simulator: Simulator | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await simulator?.close();
  simulator = undefined;
});

const get = async (path: string, token: string) => fetch(`${simulator!.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('simulator activity for alerts', () => {
  it('the opt-in demo activity starts a job every interval whose session ends Failed, not retried', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    simulator = await startSimulator({ clock: 'manual', failingJob: { everyMs: 60_000 } });
    expect(simulator.runningSessions()).toEqual([]);
    vi.advanceTimersByTime(60_000);
    const [running] = simulator.runningSessions();
    expect(running?.jobId).toBe(simulator.data.jobs.find((job) => job.isEnabled)?.id);
    simulator.advance(6);
    const ended = simulator.data.sessions.find((session) => session.id === running!.id)!;
    expect([ended.status, ended.jobWillBeRetried, ended.endTime !== null]).toEqual(['Failed', false, true]);
    expect(ended.logItems.at(-1)?.title).toMatch(/^\[Failed\] Job finished with errors/);
    // The next interval starts it again; without the option nothing runs by itself.
    vi.advanceTimersByTime(60_000);
    expect(simulator.runningSessions()).toHaveLength(1);
  });

  it('without the option no session starts by itself', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    simulator = await startSimulator({ clock: 'manual' });
    vi.advanceTimersByTime(3_600_000);
    expect(simulator.runningSessions()).toEqual([]);
  });

  it('repository free space, proxy status and health follow `infrastructure`; the license is refused to a tenant operator', async () => {
    simulator = await startSimulator();
    const admin = simulator.issueToken('admin');
    const operator = simulator.issueToken('fabrikam-operator');
    const repositories = (await (await get('/v8/BackupRepositories?limit=100', admin)).json()) as { results: { id: string; freeSpaceBytes?: number }[] };
    const local = repositories.results.find((r) => r.freeSpaceBytes !== undefined)!;
    simulator.infrastructure.repositoryFreeBytes.set(local.id, 7);
    expect(((await (await get(`/v8/BackupRepositories/${local.id}`, admin)).json()) as { freeSpaceBytes: number }).freeSpaceBytes).toBe(7);

    const proxies = (await (await get('/v7/Proxies', admin)).json()) as { id: string; status: string }[];
    simulator.infrastructure.proxyStatus.set(proxies[0]!.id, 'Offline');
    expect(((await (await get(`/v7/Proxies/${proxies[0]!.id}`, admin)).json()) as { status: string }).status).toBe('Offline');

    simulator.infrastructure.health = 'Unhealthy';
    expect(((await (await get('/v8/Health', admin)).json()) as { status: string }).status).toBe('Unhealthy');

    expect((await get('/v8/License', admin)).status).toBe(200);
    expect((await get('/v8/License', operator)).status).toBe(403);
    expect((await get('/v5/License', operator)).status).toBe(403);
  });
});
