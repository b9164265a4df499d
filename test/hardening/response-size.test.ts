import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildYoga } from '../../src/yoga.js';
import { codes, type GraphQLResponseBody } from '../helpers/harness.js';

// Upstream bodies are read up to a byte limit, and an oversize body is never retried.

const MiB = 1024 * 1024;
/** What the test server sends at most per response: the bound of its loop. */
const SEND_LIMIT = 64 * MiB;
const SESSION_ID = '00000000-0000-4000-8000-000000000001';

interface Endless {
  url: string;
  requests: number;
  written: number;
  close(): Promise<void>;
}

/** A loopback upstream that answers `status` with a body of spaces, up to SEND_LIMIT or until the client goes away. */
async function startEndless(status: number, contentLength?: number): Promise<Endless> {
  const state = { requests: 0, written: 0 };
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const server: Server = createServer((req, res) => {
    state.requests++;
    res.writeHead(status, { 'content-type': 'application/json', ...(contentLength ? { 'content-length': String(contentLength) } : {}) });
    const limit = Math.min(SEND_LIMIT, contentLength ?? SEND_LIMIT);
    let sent = 0;
    const pump = () => {
      while (sent < limit && !res.destroyed) {
        sent += chunk.length;
        state.written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.destroy();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v5`,
    get requests() {
      return state.requests;
    },
    get written() {
      return state.written;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let upstream: Endless | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

async function queryThrough(endless: Endless) {
  const yoga = buildYoga({
    config: { ...loadConfig({}), timeoutMs: 10_000, maxResponseBytes: MiB, retryAttempts: 3 },
    upstreamUrl: new URL(endless.url),
  });
  try {
    const response = await yoga.fetch('http://facade.invalid/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test-token' },
      body: JSON.stringify({ query: `{ jobSession(id: "${SESSION_ID}") { id } }` }),
    });
    return (await response.json()) as GraphQLResponseBody;
  } finally {
    await yoga.dispose();
  }
}

describe('upstream response size', () => {
  it('an endless 200 body is cut at VBM_MAX_RESPONSE_BYTES: UPSTREAM_BAD_RESPONSE, bytes bounded', async () => {
    upstream = await startEndless(200);
    const body = await queryThrough(upstream);
    expect(codes(body)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(upstream.requests).toBe(1);
    // 1 MiB read plus what loopback socket buffers held when the socket closed, not all 64 MiB.
    expect(upstream.written).toBeLessThan(16 * MiB);
  });

  it('an oversize 503 body is not retried', async () => {
    upstream = await startEndless(503);
    const body = await queryThrough(upstream);
    expect(codes(body)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(upstream.requests).toBe(1);
    expect(upstream.written).toBeLessThan(16 * MiB);
  });

  it('a declared content-length over the limit is refused before reading it', async () => {
    upstream = await startEndless(200, 600 * MiB);
    const body = await queryThrough(upstream);
    expect(codes(body)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(upstream.requests).toBe(1);
    expect(upstream.written).toBeLessThan(16 * MiB);
  });
});
