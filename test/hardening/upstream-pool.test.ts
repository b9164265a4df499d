import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/simulator/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The most upstream requests that were in flight at the same moment. */
function peakConcurrency(requests: readonly RecordedRequest[]): number {
  const edges = requests.flatMap((r) => [
    { at: r.startedAt, delta: 1 },
    { at: r.endedAt ?? Infinity, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (current += edge.delta));
  return peak;
}

describe('the upstream connection pool', () => {
  it('caps concurrent upstream requests per process: a burst queues in the facade and still succeeds', async () => {
    h = await startHarness({ config: { maxUpstreamConnections: 2 } });
    h.simulator.setLatency(30);
    const sessions = h.simulator.data.sessions.slice(0, 12);
    const bodies = await Promise.all(sessions.map((s) => h!.query(`{ jobSession(id: "${s.id}") { id } }`)));
    expect(bodies.every((b) => b.errors === undefined)).toBe(true);
    expect(h.calls()).toHaveLength(12);
    expect(peakConcurrency(h.calls())).toBe(2);
  });

  it('keeps connections alive across GraphQL requests', async () => {
    h = await startHarness();
    const session = h.simulator.data.sessions[0]!;
    for (let i = 0; i < 20; i++) await h.query(`{ jobSession(id: "${session.id}") { id } }`);
    expect(h.calls()).toHaveLength(20);
    // Without keep-alive this would be 20; undici may open a second socket while the first is being released.
    expect(h.simulator.connectionsAccepted).toBeLessThanOrEqual(2);
  });

  it('tolerates a byte order mark before the JSON', async () => {
    h = await startHarness();
    const session = h.simulator.data.sessions[0]!;
    const body = `\uFEFF${JSON.stringify({ id: session.id, status: 'Success', creationTime: '2021-02-26T01:00:00Z', _links: {} })}`;
    h.simulator.injectFault({ path: /^\/v5\/jobsessions\/[^/]+$/, status: 200, body });
    const result = await h.query(`{ jobSession(id: "${session.id}") { id status } }`);
    expect(result.data).toEqual({ jobSession: { id: session.id, status: 'SUCCESS' } });
  });
});
