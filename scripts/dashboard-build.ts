/**
 * Builds the dashboard (`examples/dashboard`) into `dist/dashboard/` with Vite, for the
 * facade to serve at `/dashboard/` (src/dashboard.ts). Part of `npm run build`, so
 * `npm start` serves a fresh page. Vite is a development dependency, like tsx and esbuild that
 * run the build: the container image builds in a stage that has them and ships `dist/` without
 * them. Without Vite the page is skipped, and /dashboard/ then answers 503.
 */
import { fileURLToPath } from 'node:url';

const CONFIG = fileURLToPath(new URL('../examples/dashboard/vite.config.ts', import.meta.url));

/** Builds `dist/dashboard/`; resolves false when Vite is not installed. */
export async function buildDashboard(): Promise<boolean> {
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    return false;
  }
  await vite.build({ configFile: CONFIG, mode: 'production', logLevel: 'warn' });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!(await buildDashboard())) {
    console.warn('Vite is not installed (npm ci --omit=dev?): the dashboard is not built; /dashboard/ will answer 503.');
  }
}
