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
