/**
 * GraphiQL served entirely from the facade's own origin.
 *
 * Yoga's stock GraphiQL page pulls its JavaScript, CSS and Monaco worker bundles from a
 * public CDN, so on a network without internet it never gets past "Loading...". The
 * `@graphql-yoga/graphiql` package ships the very same self-contained build in its `dist/`
 * folder; this module serves those few files under {@link GRAPHIQL_ASSET_PREFIX} and renders
 * an HTML page that only points at them.
 *
 * ```ts
 * createYoga({
 *   schema,
 *   graphiql: { defaultQuery, headers: JSON.stringify({ Authorization: 'Bearer x' }), title: 'VBM365 GraphQL' },
 *   renderGraphiQL: renderOfflineGraphiQL,
 *   plugins: [useOfflineGraphiQL()],
 * });
 * ```
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/** URL path prefix (absolute, same origin) under which the GraphiQL assets are served. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql-assets/';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * The only files that are served: URL path below the prefix -> file below the package's
 * `dist/` folder and its content type. Note the upstream file name with two dots.
 */
const ASSETS: ReadonlyMap<string, { readonly file: string; readonly contentType: string }> = new Map([
  ['yoga-graphiql.umd.js', { file: 'yoga-graphiql.umd.js', contentType: JS }],
  ['graphiql.css', { file: 'graphiql.css', contentType: CSS }],
  ['monacoeditorwork/editor.worker.bundle.js', { file: 'monacoeditorwork/editor.worker.bundle.js', contentType: JS }],
  ['monacoeditorwork/json.worker.bundle.js', { file: 'monacoeditorwork/json.worker.bundle.js', contentType: JS }],
  ['monacoeditorwork/graphql.worker..bundle.js', { file: 'monacoeditorwork/graphql.worker..bundle.js', contentType: JS }],
]);

/** Monaco asks `MonacoEnvironment.getWorkerUrl(moduleId, label)` for these labels. */
const WORKER_FILES = {
  editorWorkerService: 'monacoeditorwork/editor.worker.bundle.js',
  json: 'monacoeditorwork/json.worker.bundle.js',
  graphql: 'monacoeditorwork/graphql.worker..bundle.js',
} as const;

/**
 * Browsers may keep the files for an hour, then revalidate with the ETag (a content hash,
 * so a package upgrade is picked up on the next revalidation).
 */
const CACHE_CONTROL = 'public, max-age=3600';

interface LoadedAsset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly etag: string;
  readonly contentType: string;
}

function resolveDistDir(): string {
  // The package's `exports` only exposes its entry points and package.json, not dist/ files.
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');
}

/**
 * Yoga plugin serving the GraphiQL assets under {@link GRAPHIQL_ASSET_PREFIX} from the
 * installed `@graphql-yoga/graphiql` package. Each file is read on its first request and kept
 * in this plugin instance. Anything below the prefix that is not in the allow-list is a 404;
 * URL paths are compared verbatim (never decoded or joined onto the file system), so there is
 * no path traversal.
 */
export function useOfflineGraphiQL(): Plugin {
  let distDir: string | undefined;
  const cache = new Map<string, Promise<LoadedAsset>>();

  const load = (name: string, file: string, contentType: string): Promise<LoadedAsset> => {
    let pending = cache.get(name);
    if (pending === undefined) {
      pending = (async (): Promise<LoadedAsset> => {
        distDir ??= resolveDistDir();
        const data = await readFile(join(distDir, file));
        // Copy into a plain ArrayBuffer-backed view (a Buffer may share Node's pool).
        const body = new Uint8Array(data.byteLength);
        body.set(data);
        const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
        return { body, etag, contentType };
      })();
      // Do not cache a failure (e.g. a transient read error): the next request retries.
      const settled = pending;
      settled.catch(() => {
        if (cache.get(name) === settled) cache.delete(name);
      });
      cache.set(name, settled);
    }
    return pending;
  };

  const serve = async ({ request, url, fetchAPI, endResponse }: Parameters<NonNullable<Plugin['onRequest']>>[0]) => {
    const name = url.pathname.slice(GRAPHIQL_ASSET_PREFIX.length);
    const asset = ASSETS.get(name);
    if (asset === undefined) {
      endResponse(
        new fetchAPI.Response('Not Found', {
          status: 404,
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
        }),
      );
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      endResponse(
        new fetchAPI.Response('Method Not Allowed', {
          status: 405,
          headers: { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' },
        }),
      );
      return;
    }

    let loaded: LoadedAsset;
    try {
      loaded = await load(name, asset.file, asset.contentType);
    } catch {
      endResponse(
        new fetchAPI.Response('GraphiQL asset unavailable', {
          status: 500,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        }),
      );
      return;
    }

    const headers = {
      'Content-Type': loaded.contentType,
      'Cache-Control': CACHE_CONTROL,
      ETag: loaded.etag,
      'X-Content-Type-Options': 'nosniff',
    };
    const ifNoneMatch = request.headers.get('if-none-match');
    if (ifNoneMatch !== null && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === loaded.etag)) {
      endResponse(new fetchAPI.Response(null, { status: 304, headers }));
      return;
    }
    endResponse(
      new fetchAPI.Response(request.method === 'HEAD' ? null : loaded.body, {
        status: 200,
        headers: { ...headers, 'Content-Length': String(loaded.body.byteLength) },
      }),
    );
  };

  return {
    // Synchronous for every other path: an async hook costs each GraphQL request a promise and a tick.
    onRequest(payload) {
      if (!payload.url.pathname.startsWith(GRAPHIQL_ASSET_PREFIX)) return;
      return serve(payload);
    },
  };
}

/** Escape text for HTML element content and quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that is safe inside an inline `<script>`: `<`, `>` and `&` become `\u00XX` escapes (so
 * no `</script>` or `<!--` can appear) and U+2028/U+2029 are escaped too.
 */
function jsonForScript(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Small inline favicon so the browser does not go looking for one elsewhere. */
const DEFAULT_FAVICON =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#e10098" d="M16 2 28 9v14l-12 7-12-7V9z"/></svg>',
  );

/**
 * For createYoga's `renderGraphiQL` option: an HTML page that loads only the local assets
 * served by {@link useOfflineGraphiQL} and renders GraphiQL with the given options.
 *
 * Differences from Yoga's stock page:
 * - the Monaco workers are loaded straight from {@link GRAPHIQL_ASSET_PREFIX} (same origin),
 *   instead of being fetched from the CDN and turned into blob: URLs;
 * - `title` is plain text: it is HTML-escaped before being handed to the bundle, which
 *   inserts it as HTML into the logo bar;
 * - `defaultQuery` is shown in the first tab when there is no `?query=` in the URL and no
 *   explicit `query` option (the bundle otherwise always shows its welcome comment there).
 */
export function renderOfflineGraphiQL(options: GraphiQLOptions = {}): string {
  const title = options.title ?? 'Yoga GraphiQL';
  const favicon = options.favicon ?? DEFAULT_FAVICON;
  const clientOptions: GraphiQLOptions = { ...options };
  delete clientOptions.favicon;
  // Without a title the bundle shows its own "Yoga GraphiQL" logo text.
  if (options.title !== undefined) clientOptions.title = escapeHtml(options.title);

  const bootstrap = `(function () {
  var prefix = ${jsonForScript(GRAPHIQL_ASSET_PREFIX)};
  var workers = ${jsonForScript(WORKER_FILES)};
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return prefix + (Object.prototype.hasOwnProperty.call(workers, label) ? workers[label] : workers.editorWorkerService);
    }
  };
})();`;

  const render = `(function () {
  var opts = ${jsonForScript(clientOptions)};
  if (opts.query == null && typeof opts.defaultQuery === 'string' && !new URL(location.href).searchParams.get('query')) {
    opts.query = opts.defaultQuery;
  }
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), opts);
})();`;

  const asset = (name: string): string => escapeHtml(GRAPHIQL_ASSET_PREFIX + name);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${escapeHtml(favicon)}">
<link rel="stylesheet" href="${asset('graphiql.css')}">
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root">Loading ${escapeHtml(title)}...</div>
<script>${bootstrap}</script>
<script src="${asset('yoga-graphiql.umd.js')}"></script>
<script>${render}</script>
</body>
</html>
`;
}
