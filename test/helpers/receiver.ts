/**
 * A real HTTP receiver on loopback for alert targets: records every request (path, headers,
 * raw body) and answers as programmed, e.g. `answer('/hook', [500, 500, 200])`.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

export interface Receiver {
  readonly origin: string;
  readonly requests: Received[];
  /** Requests to `path`. */
  at(path: string): Received[];
  /** The next answers for `path`, in order; after them, the last one repeats (200 by default). */
  answer(path: string, answers: Array<number | Answer>): void;
  /** Resolves once `count` requests reached `path` (bounded: rejects after `ms`). */
  waitFor(path: string, count: number, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const requests: Received[] = [];
  const plans = new Map<string, Answer[]>();
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const path = req.url ?? '/';
      requests.push({ path, headers: req.headers, body, json });
      const plan = plans.get(path) ?? [];
      const answer = plan.length > 1 ? plan.shift()! : (plan[0] ?? { status: 200 });
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.status < 300 ? 'ok' : 'no');
      for (const waiter of [...waiters]) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const at = (path: string) => requests.filter((r) => r.path === path);
  return {
    origin,
    requests,
    at,
    answer(path, answers) {
      plans.set(
        path,
        answers.map((a) => (typeof a === 'number' ? { status: a } : a)),
      );
    },
    waitFor(path, count, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (at(path).length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(at(path));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${path} received ${at(path).length} of ${count} requests`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
