import { readFileSync } from 'node:fs';
import { connect, createServer as createTcpServer, type AddressInfo } from 'node:net';
import { createServer as createTlsServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SEED, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { buildYoga } from '../../src/yoga.js';

const CERT = new URL('../fixtures/tls/upstream-cert.pem', import.meta.url);
const KEY = new URL('../fixtures/tls/upstream-key.pem', import.meta.url);

let simulator: Simulator;
let tls: Server;
let httpsUrl: URL;

beforeAll(async () => {
  simulator = await startSimulator();
  const plain = new URL(simulator.origin);
  // TLS in front of the simulator, like a backup server with an internal-CA certificate.
  tls = createTlsServer({ cert: readFileSync(CERT), key: readFileSync(KEY) }, (socket) => {
    const upstream = connect(Number(plain.port), plain.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  httpsUrl = new URL(`https://localhost:${(tls.address() as AddressInfo).port}/v5`);
});
afterAll(async () => {
  await new Promise((resolve) => tls.close(resolve));
  await simulator.close();
});

async function seedStatus(env: Record<string, string>) {
  const config = { ...loadConfig({ VBM_API_URL: httpsUrl.href, ...env }), retryAttempts: 1 };
  const yoga = buildYoga({ config, upstreamUrl: httpsUrl });
  try {
    const response = await yoga.fetch('http://facade.invalid/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${simulator.issueToken('admin')}` },
      body: JSON.stringify({ query: `{ jobSession(id: "${SEED.jobSessionId}") { status } }` }),
    });
    return (await response.json()) as { data: unknown; errors?: { message: string; extensions: { code: string } }[] };
  } finally {
    await yoga.dispose();
  }
}

describe('TLS to the upstream', () => {
  it('trusts the CA in VBM_CA_FILE', async () => {
    expect(await seedStatus({ VBM_CA_FILE: CERT.pathname })).toEqual({ data: { jobSession: { status: 'SUCCESS' } } });
  });

  it('refuses an untrusted certificate with a clear UPSTREAM_UNAVAILABLE', async () => {
    const body = await seedStatus({});
    expect(body.errors?.[0]?.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(body.errors?.[0]?.message).toMatch(/TLS certificate/);
  });

  it('skips verification only when VBM_TLS_INSECURE=true', async () => {
    expect(await seedStatus({ VBM_TLS_INSECURE: 'true' })).toEqual({ data: { jobSession: { status: 'SUCCESS' } } });
  });
});
