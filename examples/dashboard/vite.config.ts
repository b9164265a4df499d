/**
 * Vite config of the dashboard. `vite build --config examples/dashboard/vite.config.ts` writes
 * `dist/dashboard/`, which the facade serves at `/dashboard/` (src/dashboard.ts);
 * `npm run dashboard` runs the dev server with `/graphql` proxied to a demo facade.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/dashboard/',
  logLevel: 'warn',
  // Explicitly the production JSX runtime: a build started under vitest has NODE_ENV=test.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  build: {
    outDir: here('../../dist/dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    // One small page: no source maps, no module-preload polyfill (it would be inline script).
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  server: {
    host: '127.0.0.1',
    strictPort: false,
    proxy: process.env.DASHBOARD_API_ORIGIN ? { '/graphql': { target: process.env.DASHBOARD_API_ORIGIN } } : {},
  },
});
