import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SEED, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { createUpstreamDispatcher } from '../../src/upstream/dispatcher.js';
import { discoverApiVersion } from '../../src/upstream/version-state.js';
import { startFacadeProcess, type RunningProcess } from '../helpers/process.js';
import { PRIVATE_CA_FILE, startTlsProxy, type ServerCertificate, type TlsProxy } from '../helpers/tls-proxy.js';

const SERVICE_INSTANCE_PROBES = ['/v6/ServiceInstance', '/v7/ServiceInstance', '/v8/ServiceInstance'];
const SEED_SHAPED = `{ jobSession(id: "${SEED.jobSessionId}") { id status logItem(id: "${SEED.logItemId}") { title status jobSession { id status } } } }`;

const simulators: Simulator[] = [];
const proxies: TlsProxy[] = [];
const started: RunningProcess[] = [];
afterAll(async () => {
  for (const p of started) p.child.kill('SIGKILL');
  for (const p of proxies) await p.close();
  for (const s of simulators) await s.close();
});

/** A backup server serving v6-v8 behind TLS with a certificate from the private CA. */
async function privateCaServer(certificate: ServerCertificate = 'server') {
  const sim = await startSimulator({ versions: ['v6', 'v7', 'v8'], clock: 'manual' });
  simulators.push(sim);
  const proxy = await startTlsProxy(sim.origin, certificate);
  proxies.push(proxy);
  return { sim, proxy };
}

describe('the version discovery trusts what every request trusts', () => {
  const dispatchers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const d of dispatchers.splice(0)) await d.close();
  });
  const pool = (ca?: string) => {
    const dispatcher = createUpstreamDispatcher({ ca, tlsInsecure: false, maxConnections: 4 });
    dispatchers.push(dispatcher);
    return dispatcher;
  };
  const caPem = readFileSync(PRIVATE_CA_FILE, 'utf8');

  it('with the private CA: v8 over TLS, three anonymous probes', async () => {
    const { sim, proxy } = await privateCaServer();
    expect(await discoverApiVersion(new URL(proxy.origin), { dispatcher: pool(caPem), timeoutMs: 5_000 })).toEqual({ version: 'v8', answered: true });
    expect(sim.requests.map((r) => r.path).sort()).toEqual(SERVICE_INSTANCE_PROBES);
    expect(sim.requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it.each([
    ['server', false, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['wrong-name', true, 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['expired', true, 'CERT_HAS_EXPIRED'],
  ] as const)('a %s certificate (CA file: %s) is reported as the TLS error %s, not as an unreachable server', async (certificate, withCa, code) => {
    const { sim, proxy } = await privateCaServer(certificate);
    const found = await discoverApiVersion(new URL(proxy.origin), { dispatcher: pool(withCa ? caPem : undefined), timeoutMs: 5_000 });
    expect(found).toEqual({ version: 'v5', answered: false, tlsError: code });
    expect(sim.requests).toHaveLength(0);
  });

  it('an unreachable server is no TLS error', async () => {
    expect(await discoverApiVersion(new URL('https://127.0.0.1:9'), { dispatcher: pool(caPem), timeoutMs: 2_000 })).toEqual({ version: 'v5', answered: false });
  });
});

/** The exit code, or `listening` when the process started instead of exiting. */
function exitOrListening(proc: RunningProcess): Promise<number | null | 'listening'> {
  return Promise.race([proc.exited, proc.waitFor(/listening: /, 30_000).then(() => 'listening' as const)]);
}

describe('the process against a TLS server with a private CA, no version in VBM_API_URL', () => {
  it('with VBM_CA_FILE: discovers v8 and answers the seed-shaped query over TLS', async () => {
    const { sim, proxy } = await privateCaServer();
    // READY_CACHE_MS 0: /ready probes over TLS even right after a read answered.
    const proc = startFacadeProcess({ PORT: '0', HOST: '127.0.0.1', VBM_API_URL: proxy.origin, VBM_CA_FILE: PRIVATE_CA_FILE, READY_CACHE_MS: '0' });
    started.push(proc);
    const [, endpoint] = await proc.waitFor(/listening: (http:\/\/\S+\/graphql)/);
    expect(proc.output()).toMatch(/backup server API v8 \(discovered\)/);
    expect(proc.output()).not.toMatch(/did not answer/);
    expect(sim.requests.map((r) => r.path).sort()).toEqual(SERVICE_INSTANCE_PROBES);

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
    const reads = sim.requests.filter((r) => r.method === 'GET');
    expect(reads).toHaveLength(3);
    expect(reads.every((r) => r.path.toLowerCase().startsWith('/v8/') && r.authorization === `Bearer ${token}`)).toBe(true);

    sim.resetRequests();
    expect(await (await fetch(new URL('/ready', endpoint!))).json()).toMatchObject({ ready: true, apiVersion: 'v8' });
    expect(sim.requests.map((r) => r.path)).toEqual(['/v8/jobsessions?limit=1']);

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('without VBM_CA_FILE: exits 2 with a message naming the TLS error and VBM_CA_FILE', async () => {
    const { sim, proxy } = await privateCaServer();
    const proc = startFacadeProcess({ PORT: '0', HOST: '127.0.0.1', VBM_API_URL: proxy.origin });
    started.push(proc);
    expect(await exitOrListening(proc)).toBe(2);
    expect(proc.output()).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    expect(proc.output()).toMatch(/VBM_CA_FILE/);
    expect(proc.output()).not.toMatch(/listening/);
    expect(sim.requests).toHaveLength(0);
  });

  it('a certificate for another name: exits 2 naming the mismatch, with VBM_CA_FILE set', async () => {
    const { sim, proxy } = await privateCaServer('wrong-name');
    // READY_CACHE_MS 0: /ready probes over TLS even right after a read answered.
    const proc = startFacadeProcess({ PORT: '0', HOST: '127.0.0.1', VBM_API_URL: proxy.origin, VBM_CA_FILE: PRIVATE_CA_FILE, READY_CACHE_MS: '0' });
    started.push(proc);
    expect(await exitOrListening(proc)).toBe(2);
    expect(proc.output()).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
    expect(proc.output()).toMatch(/VBM_CA_FILE/);
    expect(sim.requests).toHaveLength(0);
  });
});
