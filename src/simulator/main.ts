/**
 * Standalone simulator: `npm run simulator`. The only simulator file that reads process.env:
 * SIM_PORT (default 4443), SIM_HOST (default 127.0.0.1), SIM_LATENCY_MS (default 0),
 * SIM_ADVERTISED_BASE (default https://vbm01.invalid:4443).
 */
import { DEMO_USERS, startSimulator, type SimulatorOptions } from './index.js';

function readOptions(env: NodeJS.ProcessEnv): { options: SimulatorOptions; problems: string[] } {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value <= max)) problems.push(`${name} must be an integer from 0 to ${max}, got '${raw}'`);
    return value;
  };
  const options: SimulatorOptions = {
    host: env.SIM_HOST || '127.0.0.1',
    port: integer('SIM_PORT', 4443, 65_535),
    latencyMs: integer('SIM_LATENCY_MS', 0, 600_000),
  };
  const advertisedBase = env.SIM_ADVERTISED_BASE;
  if (advertisedBase) {
    if (URL.canParse(advertisedBase)) options.advertisedBase = advertisedBase;
    else problems.push(`SIM_ADVERTISED_BASE must be an absolute URL, got '${advertisedBase}'`);
  }
  return { options, problems };
}

const { options, problems } = readOptions(process.env);
if (problems.length > 0) {
  console.error(`Invalid simulator configuration:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const simulator = await startSimulator(options);
console.log(`VBM365 REST v5 simulator listening on ${simulator.url} (links advertise ${simulator.advertisedBase})`);
for (const user of DEMO_USERS) {
  const scope = user.organizations === 'all' ? 'all organizations' : `organizations ${user.organizations.join(', ')}`;
  console.log(`  ${user.userName} / ${user.password} (${scope})`);
  console.log(`    Authorization: Bearer ${simulator.issueToken(user.userName)}`);
}

const shutdown = (signal: NodeJS.Signals): void => {
  console.log(`${signal} received, closing the simulator`);
  void simulator.close().then(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
