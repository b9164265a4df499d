/** Standalone simulator: `npm run simulator`, configured by SIM_* variables (see src/config.ts). */
import { ConfigError, loadSimulatorConfig, type SimulatorConfig } from './config.js';
import { DEMO_USERS, startSimulator } from './simulator/index.js';

let config: SimulatorConfig;
try {
  config = loadSimulatorConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const { advertisedBase, ...listen } = config;
const options = advertisedBase ? { ...listen, advertisedBase } : listen;

const simulator = await startSimulator(options);
console.log(`VBM365 8.x REST simulator listening on ${simulator.origin} (v5 links advertise ${simulator.advertisedBase})`);
for (const version of simulator.versions) {
  console.log(`  ${version}${version === 'v5' ? ' (deprecated)' : ''}: ${simulator.baseUrl(version)}`);
}
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
