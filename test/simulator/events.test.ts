import { afterEach, describe, expect, it } from 'vitest';
import { ORGANIZATION_IDS, startSimulator, type Simulator } from '../../src/simulator/index.js';

const WAIT = { timeout: 15_000, interval: 5 };
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function events(s: Simulator, token: string, query: string): Promise<{ status: number; body: { nextChangeToken: string; results: { eventType: string; id: string; organizationId: string }[]; errorCode?: string } }> {
  const response = await fetch(`${s.baseUrl('v8')}/Events?${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as never };
}

describe('GET /v8/Events', () => {
  it("each caller sees only its organizations' events; a held long poll answers at the first event", async () => {
    sim = await startSimulator({ clock: 'manual' });
    const admin = sim.issueToken('admin');
    const operator = sim.issueToken('fabrikam-operator');
    const [start, startOperator] = await Promise.all([events(sim, admin, 'from=latest'), events(sim, operator, 'from=latest')]);
    const waiting = events(sim, operator, `from=${startOperator.body.nextChangeToken}&timeoutSeconds=60`);
    await expect.poll(() => sim!.longPolls, WAIT).toBe(1);
    const contoso = sim.data.jobs.find((j) => j.organizationId === ORGANIZATION_IDS.contoso && j.isEnabled && !sim!.data.sessions.some((s) => s.jobId === j.id && s.endTime === null))!;
    const fabrikam = sim.data.jobs.find((j) => j.organizationId === ORGANIZATION_IDS.fabrikam && j.isEnabled && !sim!.data.sessions.some((s) => s.jobId === j.id && s.endTime === null))!;
    expect((await fetch(`${sim.baseUrl('v8')}/Jobs/${contoso.id}/start`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    // Not the operator's: its poll keeps waiting.
    expect(sim.longPolls).toBe(1);
    expect((await fetch(`${sim.baseUrl('v8')}/Jobs/${fabrikam.id}/start`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    const seen = await waiting;
    expect(seen.body.results.map((e) => e.eventType)).toEqual(['JobSessionUpdate', 'JobUpdate']);
    expect(seen.body.results.every((e) => e.organizationId === ORGANIZATION_IDS.fabrikam)).toBe(true);
    const all = await events(sim, admin, `from=${start.body.nextChangeToken}`);
    expect(all.body.results.map((e) => e.eventType)).toEqual(['JobSessionUpdate', 'JobUpdate', 'JobSessionUpdate', 'JobUpdate']);
  });

  it("refuses another instance's token as outdated, and releases held polls on close", async () => {
    const other = await startSimulator({ clock: 'manual' });
    const foreign = (await events(other, other.issueToken('admin'), 'from=latest')).body.nextChangeToken;
    await other.close();
    sim = await startSimulator({ clock: 'manual' });
    const admin = sim.issueToken('admin');
    const refused = await events(sim, admin, `from=${foreign}`);
    expect(refused.status).toBe(400);
    expect(refused.body.errorCode).toBe('OutdatedChangeToken');
    expect((await events(sim, admin, '')).status).toBe(400);
    // Only v8 has the feed.
    expect((await fetch(`${sim.baseUrl('v7')}/Events?from=latest`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(404);
    const held = fetch(`${sim.baseUrl('v8')}/Events?from=latest&timeoutSeconds=60`, { headers: { authorization: `Bearer ${admin}` } }).catch(() => 'closed');
    await expect.poll(() => sim!.longPolls, WAIT).toBe(1);
    await sim.close();
    expect(sim.longPolls).toBe(0);
    await held;
  });
});
