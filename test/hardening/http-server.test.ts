import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/http-server.js';
import { startHarness, type Harness } from '../helpers/harness.js';

// The facade's own HTTP server cuts off slow clients, caps connections, and takes only JSON POSTs.

let h: Harness;
let server: Server;
let port: number;
beforeAll(async () => {
  h = await startHarness();
  server = createHttpServer(h.yoga, { httpHeadersTimeoutMs: 500, httpRequestTimeoutMs: 1_000, httpMaxConnections: 4, maxBodyBytes: 100_000, corsOrigins: [] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});
beforeEach(() => h.reset());

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `bytes` one per `everyMs` until the server closes the socket; returns how many were sent. */
async function trickle(socket: Socket, bytes: number, everyMs: number): Promise<number> {
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.on('error', () => (closed = true));
  socket.on('data', () => undefined);
  let sent = 0;
  while (!closed && sent < bytes) {
    socket.write('x');
    sent++;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  socket.destroy();
  return sent;
}

describe('HTTP server limits', () => {
  it('cuts off a body sent at a few bytes per second (HTTP_REQUEST_TIMEOUT_MS)', async () => {
    const socket = await open();
    socket.write(`POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n`);
    // 1,000 bytes at one per 50 ms would take 50 s; the server ends it after about 1-2 s.
    const sent = await trickle(socket, 1000, 50);
    expect(sent).toBeLessThan(200);
    expect(h.calls()).toHaveLength(0);
  });

  it('cuts off headers sent at a few bytes per second (HTTP_HEADERS_TIMEOUT_MS)', async () => {
    const socket = await open();
    socket.write('GET /health HTTP/1.1\r\nx-slow: ');
    const sent = await trickle(socket, 1000, 50);
    expect(sent).toBeLessThan(200);
  });

  it('refuses connections beyond HTTP_MAX_CONNECTIONS', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, open));
    const extra = await open();
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      extra.on('data', (chunk: Buffer) => (text += chunk.toString()));
      extra.on('close', () => resolve(text));
      extra.on('error', () => resolve(text));
      extra.write('GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n');
    });
    expect(answer).toBe('');
    for (const socket of held) socket.destroy();
  });
});

describe('POST content types', () => {
  const createToken = 'mutation { createToken(username: "admin", password: "demo-password") { accessToken } }';

  it.each([
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent(createToken)}`],
    ['multipart/form-data; boundary=b', `--b\r\ncontent-disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: createToken })}\r\n--b--\r\n`],
    ['text/plain', JSON.stringify({ query: createToken })],
  ])('refuses %s with 415 and no upstream call', async (type, body) => {
    const response = await h.yoga.fetch('http://facade.invalid/graphql', { method: 'POST', headers: { 'content-type': type }, body });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(h.calls()).toHaveLength(0);
  });

  it('still runs JSON POSTs and GET queries', async () => {
    const post = await h.yoga.fetch('http://facade.invalid/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
    const get = await h.yoga.fetch(`http://facade.invalid/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
