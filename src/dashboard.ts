/**
 * Serves the built dashboard (`examples/dashboard`, built by `npm run build` into
 * `dist/dashboard/`) at `/dashboard/`, from the facade's own origin: no CDN, so it works
 * offline like GraphiQL. The page talks to `/graphql` on the same origin.
 *
 * Only the files the build wrote are served: the folder is listed once, on the first
 * request, and URL paths are looked up verbatim in that list (never decoded or joined onto
 * the file system), so there is no path traversal.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

/** URL path of the page; everything the build wrote is below it. */
export const DASHBOARD_PATH = '/dashboard/';

/** `dist/dashboard/` beside `src/` and `dist/` alike (this module runs from either). */
const DEFAULT_DIR = fileURLToPath(new URL('../dist/dashboard/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The page may load and contact only its own origin; `data:` covers the inline favicon.
 * No inline script, no eval.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly etag: string;
  readonly contentType: string;
  /** Hashed build output (`assets/…`) never changes under its name. */
  readonly immutable: boolean;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

async function loadAssets(dir: string): Promise<ReadonlyMap<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const name of await listFiles(dir)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType === undefined) continue;
    const data = await readFile(join(dir, name));
    const body = new Uint8Array(data.byteLength);
    body.set(data);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    assets.set(name, { body, etag, contentType, immutable: name.startsWith('assets/') });
  }
  if (!assets.has('index.html')) throw new Error(`no index.html in ${dir}`);
  return assets;
}

export interface DashboardOptions {
  /** The built page's folder; `dist/dashboard/` by default. */
  dir?: string;
}

/**
 * Yoga plugin serving the built dashboard at {@link DASHBOARD_PATH} (and redirecting
 * `/dashboard` there). When the page was not built, it answers 503 with how to build it.
 */
export function useDashboard({ dir = DEFAULT_DIR }: DashboardOptions = {}): Plugin {
  let loading: Promise<ReadonlyMap<string, Asset>> | undefined;
  const assets = (): Promise<ReadonlyMap<string, Asset>> => {
    if (loading === undefined) {
      const pending = loadAssets(dir);
      loading = pending;
      // A missing build is retried on the next request (it may be built meanwhile).
      pending.catch(() => {
        if (loading === pending) loading = undefined;
      });
    }
    return loading;
  };
  const text = (status: number, body: string, headers: Record<string, string> = {}) => ({
    status,
    body,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers },
  });

  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      const respond = ({ status, body, headers }: ReturnType<typeof text>) =>
        endResponse(new fetchAPI.Response(body, { status, headers }));
      if (url.pathname === '/dashboard') {
        endResponse(new fetchAPI.Response(null, { status: 308, headers: { Location: DASHBOARD_PATH } }));
        return;
      }
      if (!url.pathname.startsWith(DASHBOARD_PATH)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        respond(text(405, 'Method Not Allowed', { Allow: 'GET, HEAD' }));
        return;
      }
      let files: ReadonlyMap<string, Asset>;
      try {
        files = await assets();
      } catch {
        respond(text(503, 'The dashboard is not built: run `npm run build` (or `npm start`, which builds it).'));
        return;
      }
      const name = url.pathname.slice(DASHBOARD_PATH.length) || 'index.html';
      const asset = files.get(name);
      if (asset === undefined) {
        respond(text(404, 'Not Found'));
        return;
      }
      const headers: Record<string, string> = {
        'Content-Type': asset.contentType,
        'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ETag: asset.etag,
        'X-Content-Type-Options': 'nosniff',
      };
      if (name === 'index.html') {
        headers['Content-Security-Policy'] = CSP;
        headers['Referrer-Policy'] = 'no-referrer';
      }
      const ifNoneMatch = request.headers.get('if-none-match');
      if (ifNoneMatch !== null && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : asset.body, {
          status: 200,
          headers: { ...headers, 'Content-Length': String(asset.body.byteLength) },
        }),
      );
    },
  };
}
