import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORGANIZATION_IDS } from '../src/simulator/data.js';
import { SEED } from '../src/simulator/index.js';
import { codes, startHarness, type Harness } from './helpers/harness.js';

let h: Harness;
let trap: Server;
const trapped: string[] = [];

beforeAll(async () => {
  // Links name this loopback "server host": anything sent there is a leak.
  trap = createServer((req, res) => {
    trapped.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  const { port } = trap.address() as AddressInfo;
  h = await startHarness({ simulator: { advertisedBase: `http://127.0.0.1:${port}` } });
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => trap.close(resolve));
});
beforeEach(() => h.reset());

describe('token isolation', () => {
  it('two callers interleaved each get only their own data, each upstream call with its own token', async () => {
    h.simulator.setLatency(15);
    const fabrikamSession = h.simulator.data.sessions.find((s) => s.organizationId === ORGANIZATION_IDS.fabrikam)!;
    const query = `{ contoso: jobSession(id: "${SEED.jobSessionId}") { id } fabrikam: jobSession(id: "${fabrikamSession.id}") { id job { name } } }`;
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => h.query(query, { token: i % 2 === 0 ? h.adminToken : h.operatorToken })),
    );
    runs.forEach((body, i) => {
      const data = body.data as { contoso: { id: string } | null; fabrikam: { id: string } | null };
      expect(data.fabrikam?.id).toBe(fabrikamSession.id);
      if (i % 2 === 0) {
        expect(body.errors).toBeUndefined();
        expect(data.contoso?.id).toBe(SEED.jobSessionId);
      } else {
        expect(data.contoso).toBeNull();
        expect(codes(body)).toEqual(['NOT_FOUND']);
      }
    });
    const tokens = new Set(h.calls().map((c) => c.authorization));
    expect(tokens).toEqual(new Set([`Bearer ${h.adminToken}`, `Bearer ${h.operatorToken}`]));
    // Each caller's query made its own calls: nothing is shared across requests.
    expect(h.calls().filter((c) => c.authorization === `Bearer ${h.operatorToken}`)).toHaveLength(3 * 3);
  });

  it('the restricted user never sees another organization through a list or a link', async () => {
    const body = await h.query(
      `{ jobs { id organization { id } sessions(first: 50) { edges { node { id job { organization { id } } } } } }
         jobSessions(first: 500) { edges { node { id job { id organization { id name } } } } }
         contoso: organization(id: "${ORGANIZATION_IDS.contoso}") { id } }`,
      { token: h.operatorToken },
    );
    const text = JSON.stringify(body.data);
    for (const other of [ORGANIZATION_IDS.contoso, ORGANIZATION_IDS.northwind]) expect(text).not.toContain(other);
    expect(text).toContain(ORGANIZATION_IDS.fabrikam);
    expect(codes(body)).toEqual(['NOT_FOUND']);
    const visible = await h.listedSessionIds(h.operatorToken);
    const listed = (body.data?.jobSessions as { edges: { node: { id: string } }[] }).edges.map((e) => e.node.id);
    expect(listed).toEqual(visible);
    expect(listed.length).toBeGreaterThan(0);
  });

  it('never sends a request, or a token, to the host named in an href', async () => {
    const body = await h.query(`{ jobSession(id: "${SEED.jobSessionId}") { logItem(id: "${SEED.logItemId}") { jobSession { id job { organization { name } } logItems(first: 3) { edges { node { jobSession { id } } } } } } } }`);
    expect(body.errors).toBeUndefined();
    expect(h.calls().length).toBeGreaterThan(3);
    expect(trapped).toEqual([]);
    expect(new Set(h.calls().map((c) => c.host))).toEqual(new Set([new URL(h.simulator.url).host]));
  });
});
