import { describe, expect, it } from 'vitest';
import { ConfigError, loadSimulatorConfig } from '../../src/config.js';

describe('loadSimulatorConfig', () => {
  it('serves every version with 1 s steps by default', () => {
    expect(loadSimulatorConfig({})).toEqual({
      host: '127.0.0.1',
      port: 4443,
      latencyMs: 0,
      advertisedBase: undefined,
      versions: ['v5', 'v6', 'v7', 'v8'],
      stepMs: 1000,
    });
  });

  it('SIM_API_VERSIONS restricts the versions (any case and order, deduplicated, ascending)', () => {
    expect(loadSimulatorConfig({ SIM_API_VERSIONS: ' V6, v5 ,v6' }).versions).toEqual(['v5', 'v6']);
    expect(loadSimulatorConfig({ SIM_API_VERSIONS: 'v8' }).versions).toEqual(['v8']);
    expect(loadSimulatorConfig({ SIM_STEP_MS: '50' }).stepMs).toBe(50);
  });

  it('reports unknown versions and bad step times together', () => {
    let error: unknown;
    try {
      loadSimulatorConfig({ SIM_API_VERSIONS: 'v5,v9,latest', SIM_STEP_MS: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^SIM_API_VERSIONS .*"v9, latest"/);
    expect(problems[1]).toMatch(/^SIM_STEP_MS /);
  });
});
