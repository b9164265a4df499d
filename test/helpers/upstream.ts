import { loadConfig, upstreamSettings, type Config } from '../../src/config.js';
import type { UpstreamSettings } from '../../src/upstream/pool.js';

/** Upstream settings for a client built directly: the documented defaults (`loadConfig({})`) with `config` over them. */
export function testUpstreamSettings(baseUrl: URL, config: Partial<Config> = {}): UpstreamSettings {
  return upstreamSettings({ ...loadConfig({}), ...config }, baseUrl);
}
