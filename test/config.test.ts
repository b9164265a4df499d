import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('defaults to the embedded simulator on loopback port 4000', () => {
    const config = loadConfig({});
    expect(config.upstreamUrl).toBeNull();
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4000, timeoutMs: 10_000, tlsInsecure: false });
  });

  it('reads a real upstream with its CA file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vbm-config-'));
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const config = loadConfig({ VBM_API_URL: 'https://vbm01.invalid:4443/v5', VBM_CA_FILE: ca, VBM_TIMEOUT_MS: '2500', PORT: '8080' });
    expect(config.upstreamUrl?.href).toBe('https://vbm01.invalid:4443/v5');
    expect(config.upstreamCa).toContain('BEGIN CERTIFICATE');
    expect(config.timeoutMs).toBe(2500);
    expect(config.port).toBe(8080);
  });

  it('reads the scale-out settings; unset REDIS_URL means one replica in process', () => {
    expect(loadConfig({})).toMatchObject({
      redisUrl: undefined,
      cacheTtlMs: 3_000,
      cacheFinishedTtlMs: 3_600_000,
      cacheRevalidateMs: 30_000,
      cacheMaxBytes: 32 * 1024 * 1024,
      cacheKeySecret: undefined,
      upstreamClusterConcurrency: 32,
      signInPerSecond: 1,
      signInPerMinute: 5,
      signInPerMinutePerAddress: 20,
      trustedProxies: [],
    });
    const config = loadConfig({ REDIS_URL: 'rediss://:pw@redis.invalid:6380/1', CACHE_TTL_MS: '0', CACHE_REVALIDATE_MS: '0', CACHE_KEY_SECRET: 'k', UPSTREAM_CLUSTER_CONCURRENCY: '8' });
    expect(config).toMatchObject({ redisUrl: 'rediss://:pw@redis.invalid:6380/1', cacheTtlMs: 0, cacheRevalidateMs: 0, cacheKeySecret: 'k', upstreamClusterConcurrency: 8 });
  });

  it('reads TRUSTED_PROXIES as IPv4 and IPv6 addresses or CIDR ranges, and names the bad entries', () => {
    expect(loadConfig({ TRUSTED_PROXIES: ' 127.0.0.1, 192.0.2.0/24 ,::1, fd00::/8' }).trustedProxies).toEqual(['127.0.0.1', '192.0.2.0/24', '::1', 'fd00::/8']);
    expect(loadConfig({ TRUSTED_PROXIES: '' }).trustedProxies).toEqual([]);
    for (const bad of ['nginx.invalid', '192.0.2.0/33', '::1/129', '300.1.1.1', '192.0.2.0/', '127.0.0.1/8/8']) {
      expect(() => loadConfig({ TRUSTED_PROXIES: `127.0.0.1,${bad}` })).toThrow(new RegExp(`TRUSTED_PROXIES must be .*got "${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`));
    }
  });

  it('refuses a REDIS_URL that is not redis: or rediss:, without echoing it (it may hold a password)', () => {
    for (const value of ['http://:hunter2@redis.invalid:6379', 'not a url hunter2']) {
      let error: unknown;
      try {
        loadConfig({ REDIS_URL: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('REDIS_URL');
      expect((error as ConfigError).message).not.toContain('hunter2');
    }
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        VBM_API_URL: 'https://admin:secret@vbm01.invalid:4443/api',
        VBM_CA_FILE: '/nonexistent/ca.pem',
        VBM_TLS_INSECURE: 'maybe',
        VBM_TIMEOUT_MS: '-5',
        PORT: '70000',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['VBM_API_URL', 'VBM_CA_FILE', 'VBM_TLS_INSECURE', 'VBM_TIMEOUT_MS', 'PORT']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('secret');
  });

  it('rejects a URL that is not http(s) or names a version this facade does not speak', () => {
    expect(() => loadConfig({ VBM_API_URL: 'ftp://vbm01.invalid/v5' })).toThrow(/https: or http:/);
    expect(() => loadConfig({ VBM_API_URL: 'https://vbm01.invalid:4443/v4' })).toThrow(/API v4/);
    expect(() => loadConfig({ VBM_API_URL: 'https://vbm01.invalid:4443/v9' })).toThrow(/API v9/);
  });

  it('accepts a URL with a version (used as given) or without one (discovered)', () => {
    expect(loadConfig({ VBM_API_URL: 'https://vbm01.invalid:4443/v7' }).upstreamUrl?.pathname).toBe('/v7');
    expect(loadConfig({ VBM_API_URL: 'https://vbm01.invalid:4443' }).upstreamUrl?.origin).toBe('https://vbm01.invalid:4443');
  });
});
