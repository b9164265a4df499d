import { DEMO_USERS, startSimulator } from '../../src/simulator/index.js';
import { startFacadeProcess, type RunningProcess } from '../helpers/process.js';

export interface DemoProcess {
  proc: RunningProcess;
  /** `http://127.0.0.1:<port>/graphql`, as printed. */
  endpoint: string;
  /** The printed demo token of user "admin". */
  token: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the demo process (`npm start` without VBM_API_URL: embedded simulator) on a free
 * loopback port and reads the endpoint and demo token it prints. Fails fast, with the
 * process output, when the process exits before printing them.
 */
export async function startDemoProcess(ms = 20_000): Promise<DemoProcess> {
  const proc = startFacadeProcess({ PORT: '0', HOST: '127.0.0.1' });
  const stop = async (graceMs = 5_000): Promise<void> => {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
    proc.child.kill('SIGTERM');
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
    await proc.exited;
    clearTimeout(timer);
  };
  const early = proc.exited.then((code) => {
    throw new Error(`the demo process exited (code ${code}) before it was ready; output:\n${proc.output()}`);
  });
  try {
    const [, endpoint] = await Promise.race([proc.waitFor(/listening: (http:\/\/\S+\/graphql)/, ms), early]);
    const [, token] = await Promise.race([proc.waitFor(/Demo (?:session )?token \(user "admin"[^)]*\): (\S+)/, ms), early]);
    if (endpoint === undefined || token === undefined) throw new Error(`unexpected output:\n${proc.output()}`);
    return { proc, endpoint, token, stop };
  } catch (error) {
    await stop(1_000);
    throw error;
  } finally {
    // `early` rejects whenever the process ends, also after a clean stop; nobody awaits it then.
    early.catch(() => undefined);
  }
}

/**
 * The facade process over one backup server (VBM_API_URL to a simulator this test process runs,
 * the version discovered, the dashboard on): what the single-server views and clients are tested
 * against, since the demo's three servers need a session token and `server:` on lookups.
 */
export async function startSingleServerProcess(ms = 20_000): Promise<DemoProcess & { simulatorOrigin: string }> {
  const simulator = await startSimulator({ host: '127.0.0.1', port: 0 });
  const proc = startFacadeProcess({ PORT: '0', HOST: '127.0.0.1', VBM_API_URL: simulator.origin, DASHBOARD: 'true' });
  const stop = async (graceMs = 5_000): Promise<void> => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGTERM');
      const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
      await proc.exited;
      clearTimeout(timer);
    }
    await simulator.close();
  };
  try {
    const [, endpoint] = await proc.waitFor(/listening: (http:\/\/\S+\/graphql)/, ms);
    if (endpoint === undefined) throw new Error(`unexpected output:\n${proc.output()}`);
    return { proc, endpoint, token: simulator.issueToken(DEMO_USERS[0]!.userName), stop, simulatorOrigin: simulator.origin };
  } catch (error) {
    await stop(1_000);
    throw error;
  }
}
