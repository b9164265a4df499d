import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED } from '../src/simulator/index.js';
import { startFacadeProcess, type RunningProcess } from './helpers/process.js';

const started: RunningProcess[] = [];
afterAll(() => {
  for (const p of started) p.child.kill('SIGKILL');
});

describe('the process (npm start)', () => {
  it('serves the demo on three embedded simulators: health, the seed query with the printed session token, clean SIGTERM', async () => {
    const proc = startFacadeProcess({ PORT: '0', HOST: '127.0.0.1' });
    started.push(proc);
    const [, endpoint] = await proc.waitFor(/listening: (http:\/\/\S+\/graphql)/);
    const [, token] = await proc.waitFor(/Demo session token \(user "admin" on every server\): (\S+)/);
    const origin = new URL(endpoint!).origin;

    expect((await fetch(`${origin}/health`)).status).toBe(200);
    const response = await fetch(endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `{ servers { name apiVersion signedIn } jobSession(server: "eu1", id: "${SEED.jobSessionId}") { server { name } logItem(id: "${SEED.logItemId}") { title } } }`,
      }),
    });
    expect(await response.json()).toEqual({
      data: {
        servers: [
          { name: 'eu1', apiVersion: 'v8', signedIn: true },
          { name: 'us1', apiVersion: 'v7', signedIn: true },
          { name: 'apac1', apiVersion: 'v6', signedIn: true },
        ],
        jobSession: { server: { name: 'eu1' }, logItem: { title: '[Success] Job started at 2/26/2021 1:00:00 AM' } },
      },
    });

    const page = await fetch(endpoint!, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain(SEED.logItemId);
    expect(html).not.toMatch(/unpkg|jsdelivr|cdn\./);

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  });

  it('refuses to start on a bad configuration, naming every bad variable at once', async () => {
    const proc = startFacadeProcess({ VBM_API_URL: 'not a url', VBM_TIMEOUT_MS: 'soon', PORT: 'x' });
    started.push(proc);
    expect(await proc.exited).toBe(2);
    for (const name of ['VBM_API_URL', 'VBM_TIMEOUT_MS', 'PORT']) expect(proc.output()).toContain(name);
  });

  it('exports traces over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    const received: { path: string; body: string }[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = collector.address() as AddressInfo;
      const proc = startFacadeProcess({ PORT: '0', HOST: '127.0.0.1', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
      started.push(proc);
      const [, endpoint] = await proc.waitFor(/listening: (http:\/\/\S+\/graphql)/);
      const [, token] = await proc.waitFor(/Demo session token \(user "admin" on every server\): (\S+)/);
      await fetch(endpoint!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `query Traced { jobSession(server: "eu1", id: "${SEED.jobSessionId}") { status } }` }),
      });
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
      const traces = received.filter((r) => r.path === '/v1/traces');
      expect(traces.length).toBeGreaterThan(0);
      const text = traces.map((t) => t.body).join('');
      expect(text).toContain('graphql.operation Traced');
      expect(text).toContain('/jobsessions/{id}');
      expect(text).not.toContain(token!);
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
