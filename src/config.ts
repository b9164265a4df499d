import { readFileSync } from 'node:fs';

/** Everything the process is configured with; read once, from the environment only here. */
export interface Config {
  /** Versioned upstream base URL; null runs the embedded simulator (demo mode). */
  upstreamUrl: URL | null;
  /** PEM text trusted for the upstream's TLS (from VBM_CA_FILE). */
  upstreamCa: string | undefined;
  /** Skip TLS verification of the upstream. */
  tlsInsecure: boolean;
  /** Per upstream request, in milliseconds. */
  timeoutMs: number;
  /** Most concurrent upstream connections per process. */
  maxUpstreamConnections: number;
  /** Largest `first` a connection accepts. */
  maxPageSize: number;
  host: string;
  port: number;
}

/** Thrown with every configuration problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Validates the whole environment and reports all problems together. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = new Reader(env, problems);

  const config: Config = {
    upstreamUrl: read.url('VBM_API_URL'),
    upstreamCa: read.file('VBM_CA_FILE'),
    tlsInsecure: read.bool('VBM_TLS_INSECURE', false),
    timeoutMs: read.int('VBM_TIMEOUT_MS', 10_000, 1, 600_000),
    maxUpstreamConnections: read.int('VBM_MAX_CONNECTIONS', 16, 1, 1024),
    maxPageSize: read.int('MAX_PAGE_SIZE', 1000, 1, 10_000),
    host: read.string('HOST', '127.0.0.1'),
    port: read.int('PORT', 4000, 0, 65_535),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

class Reader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  url(name: string): URL | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      // The value is not echoed: it may carry credentials.
      this.problems.push(`${name} must be an absolute URL like https://vbm01.example.invalid:4443/v5`);
      return null;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      this.problems.push(`${name} must use https: or http: (got "${url.protocol}")`);
    }
    if (url.username || url.password || url.search || url.hash) {
      this.problems.push(`${name} must not contain credentials, a query or a fragment`);
    }
    if (!/\/v\d+\/?$/i.test(url.pathname)) {
      this.problems.push(`${name} must end with the API version, e.g. /v5 (got path "${url.pathname}")`);
    }
    return url;
  }

  file(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const text = readFileSync(value, 'utf8');
      if (!text.includes('-----BEGIN CERTIFICATE-----')) {
        this.problems.push(`${name} must be a PEM file with at least one certificate (${value})`);
      }
      return text;
    } catch {
      this.problems.push(`${name} names a file that cannot be read (${value})`);
      return undefined;
    }
  }
}
