import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createReplay } from '../../src/simulator/replay.js';
import { createClient } from './client.js';

/** The benches' `frozenReads`: a read rendered once, then its bytes replayed until something changes. */
describe('simulator frozenReads', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  /** A job renamed behind the simulator's back: no write, step or event tells it. */
  const renameQuietly = (s: Simulator, name: string) => {
    (s.data.jobs[0] as { name: string }).name = name;
  };
  const jobNames = async (s: Simulator, token: string) =>
    (await createClient(s).json<{ results: { name: string }[] }>('/v8/Jobs?limit=1000', token)).results.map((job) => job.name);

  it('replays the first answer to the same read, and renders again after a step, a write or a revoked token', async () => {
    sim = await startSimulator({ clock: 'manual', frozenReads: true });
    const admin = sim.issueToken('admin');
    const first = await jobNames(sim, admin);
    renameQuietly(sim, 'renamed quietly');
    expect(await jobNames(sim, admin)).toEqual(first);
    // Another query is another read: rendered now.
    const other = await createClient(sim).json<{ results: { name: string }[] }>('/v8/Jobs?limit=999', admin);
    expect(other.results[0]?.name).toBe('renamed quietly');

    sim.advance();
    expect((await jobNames(sim, admin))[0]).toBe('renamed quietly');

    renameQuietly(sim, 'renamed again');
    const write = await createClient(sim).post(`/v8/Jobs/${sim.data.jobs[0]!.id}/disable`, admin);
    expect(write.status).toBeLessThan(300);
    expect((await jobNames(sim, admin))[0]).toBe('renamed again');

    sim.revokeToken(admin);
    expect((await createClient(sim).get('/v8/Jobs?limit=1000', admin)).status).toBe(401);
  });

  it('replays to each caller only its own answer', async () => {
    sim = await startSimulator({ clock: 'manual', frozenReads: true });
    const admin = sim.issueToken('admin');
    const operator = sim.issueToken('fabrikam-operator');
    const organizations = async (token: string) =>
      (await createClient(sim!).json<{ name: string }[] | { results: { name: string }[] }>('/v8/Organizations', token));
    const asAdmin = await organizations(admin);
    const asOperator = await organizations(operator);
    expect(asOperator).not.toEqual(asAdmin);
    expect(await organizations(admin)).toEqual(asAdmin);
    expect(await organizations(operator)).toEqual(asOperator);
  });

  it('answers every sign-in anew: a POST is never replayed', async () => {
    sim = await startSimulator({ clock: 'manual', frozenReads: true });
    const signIn = async () => {
      const response = await fetch(`${sim!.baseUrl('v6')}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: 'admin', password: 'demo-password' }) });
      expect(response.status).toBe(200);
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const [first, second] = [await signIn(), await signIn()];
    expect(first).not.toBe(second);
    expect(await jobNames(sim, second)).toEqual(await jobNames(sim, first));
  });

  it('is off by default: every read is rendered', async () => {
    sim = await startSimulator({ clock: 'manual' });
    const admin = sim.issueToken('admin');
    await jobNames(sim, admin);
    renameQuietly(sim, 'renamed quietly');
    expect((await jobNames(sim, admin))[0]).toBe('renamed quietly');
  });

  it('keeps only 200 answers, within its byte bound', () => {
    const replay = createReplay(100);
    const ok = (body: string) => ({ status: 200, body, headers: {} });
    replay.keep('a', ok('x'.repeat(50)));
    replay.keep('b', ok('y'.repeat(60)));
    replay.keep('c', { status: 404, body: '', headers: {} });
    expect([replay.get('a')?.body.length, replay.get('b'), replay.get('c')]).toEqual([50, undefined, undefined]);
    replay.clear();
    replay.keep('b', ok('y'.repeat(60)));
    expect(replay.get('b')?.body.length).toBe(60);
  });
});
