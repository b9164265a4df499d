/**
 * `npm run dashboard`: the dashboard's Vite dev server (live reload while you edit
 * `examples/dashboard/src`) in front of a demo facade (embedded simulator), with `/graphql`
 * proxied to it so the page keeps talking to its own origin. Ctrl+C stops both.
 *
 * DASHBOARD_PORT picks the dev server's port (default 5173; the next free one if taken).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildFacade } from './build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = fileURLToPath(new URL('../examples/dashboard/vite.config.ts', import.meta.url));
const READY_MS = 30_000;

await buildFacade();
const facade = spawn(process.execPath, ['dist/index.mjs'], {
  cwd: ROOT,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DASHBOARD: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const endpoint = await new Promise<string>((resolve, reject) => {
  let text = '';
  const timer = setTimeout(() => reject(new Error(`the facade did not start within ${READY_MS} ms:\n${text}`)), READY_MS);
  facade.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    const match = /listening: (http:\/\/\S+\/graphql)/.exec(text);
    if (match?.[1]) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
  facade.once('exit', (code) => {
    clearTimeout(timer);
    reject(new Error(`the facade exited (code ${code}):\n${text}`));
  });
});

process.env.DASHBOARD_API_ORIGIN = new URL(endpoint).origin;
const { createServer } = await import('vite');
const server = await createServer({
  configFile: CONFIG,
  server: { port: Number(process.env.DASHBOARD_PORT ?? 5173) },
});
await server.listen();
const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/dashboard/';
console.log(`Dashboard (live reload): ${url}`);
console.log(`Facade (demo, embedded simulator): ${endpoint}`);
console.log('Sign in as admin / demo-password (every organization) or fabrikam-operator / demo-password-2.');

const stop = () => {
  facade.kill('SIGTERM');
  void server.close().finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
facade.once('exit', (code) => {
  console.error(`The facade exited (code ${code}); stopping.`);
  void server.close().finally(() => process.exit(1));
});
