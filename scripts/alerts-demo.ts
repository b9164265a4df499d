/**
 * `npm run alerts:demo`: a receiver on loopback for the three alert target types, printing each
 * alert it gets. Paths: /webhook (generic JSON, its X-Signature-256 checked when a secret is
 * given), /slack (Block Kit message) and /teams (Adaptive Card). Every request is answered 200.
 *
 *   npm run alerts:demo -- [--port 4999] [--secret <webhook secret>]
 *
 * The secret may also come from ALERT_WEBHOOK_SECRET, the variable examples/alerts/demo.yaml uses.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

const DEFAULT_PORT = 4999;
const MAX_BODY_BYTES = 1024 * 1024;

/** True when `header` is `sha256=<hex HMAC-SHA256 of body under secret>`, compared in constant time. */
export function verifySignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function describe(path: string, headers: IncomingHttpHeaders, body: Buffer, secret: string | undefined): string {
  const test = headers['x-alert-test'] === 'true' ? ' (test)' : '';
  let json: Record<string, any>;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return `${path}: not JSON (${body.length} bytes)`;
  }
  if (path === '/webhook') {
    const signature = headers['x-signature-256'];
    const check = secret === undefined ? 'signature not checked (no secret given)' : verifySignature(secret, body, typeof signature === 'string' ? signature : undefined) ? 'signature valid' : 'SIGNATURE INVALID';
    // The server the alert is about (every alert names it; one stored before alerts did has none).
    const server = typeof json.server === 'string' ? `server ${json.server}: ` : '';
    return `webhook${test}: ${json.state} ${json.kind} ${json.id} [${check}]\n  ${server}${json.message}${json.link ? `\n  ${json.link}` : ''}`;
  }
  if (path === '/slack') return `slack${test}: ${json.text} (${Array.isArray(json.blocks) ? json.blocks.length : 0} blocks)`;
  if (path === '/teams') {
    const card = json.attachments?.[0]?.content;
    return `teams${test}: ${card?.body?.[0]?.text ?? '?'} (${json.attachments?.[0]?.contentType}, AdaptiveCard ${card?.version})`;
  }
  return `${path}: ${JSON.stringify(json).slice(0, 200)}`;
}

function main(): void {
  const { values } = parseArgs({ options: { port: { type: 'string' }, secret: { type: 'string' }, host: { type: 'string' } } });
  const port = Number(values.port ?? process.env.ALERTS_DEMO_PORT ?? DEFAULT_PORT);
  const secret = values.secret ?? (process.env.ALERT_WEBHOOK_SECRET || undefined);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (req.method !== 'POST' || size > MAX_BODY_BYTES) {
        res.writeHead(size > MAX_BODY_BYTES ? 413 : 405).end();
        return;
      }
      console.log(`${new Date().toISOString()} ${describe(req.url ?? '/', req.headers, Buffer.concat(chunks), secret)}`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.listen(port, '127.0.0.1', () => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    console.log(`Alert receiver listening on ${origin}: ${origin}/webhook, ${origin}/slack, ${origin}/teams${secret ? ' (webhook signatures checked)' : ''}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main();
