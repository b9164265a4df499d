import { readFileSync } from 'node:fs';
import { FileFields, readConfigFile } from '../config-file.js';
import { splitApiUrl } from '../upstream/api-version.js';

/** One backup server the facade serves: from SERVERS_FILE, or VBM_API_URL as the server `default`. */
export interface ServerSetting {
  /** `[a-z0-9-]{1,32}`, unique: how queries name the server (`server: "eu1"`). */
  name: string;
  /** Base URL, with or without an API version (then it is discovered). */
  url: URL;
  /** PEM text trusted for this server's TLS (its `caFile`). */
  ca?: string;
  /** Skip TLS verification of this server (development only). */
  insecure: boolean;
}

/** The name VBM_API_URL's one server goes by (its events and metrics carry it too). */
export { DEFAULT_SERVER_NAME } from '../model.js';

const NAME = /^[a-z0-9-]{1,32}$/;
const KNOWN_KEYS = ['name', 'url', 'caFile', 'insecure'] as const;

/**
 * Reads SERVERS_FILE: `servers: [{ name, url, caFile?, insecure? }]`. Every problem is pushed to
 * `problems`, naming its path (`servers[1].url`); `warnings` get one line per plain-http server.
 */
export function readServersFile(path: string, env: Record<string, string | undefined>, problems: string[], warnings: string[]): ServerSetting[] {
  const variable = 'SERVERS_FILE';
  const before = problems.length;
  const parsed = readConfigFile(variable, path, env, problems);
  if (parsed === undefined || problems.length > before) return [];
  const fields = new FileFields(variable, problems);
  const root = fields.object(parsed, 'the file');
  if (!root) return [];
  fields.only(root, ['servers'], 'the file');
  const entries = fields.list(root['servers'], 'servers');
  if (Array.isArray(root['servers']) && entries.length === 0) fields.problem('servers', 'must name at least one server');
  const servers: ServerSetting[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const at = `servers[${index}]`;
    const record = fields.object(entry, at);
    if (!record) return;
    fields.only(record, KNOWN_KEYS, at);
    const name = fields.string(record, 'name', at);
    if (name !== undefined) {
      if (!NAME.test(name)) fields.problem(`${at}.name`, `must be 1 to 32 of a-z, 0-9 and "-" (got "${name.slice(0, 40)}")`);
      else if (seen.has(name)) fields.problem(`${at}.name`, `"${name}" is named twice`);
      seen.add(name);
    }
    const url = serverUrl(fields, fields.string(record, 'url', at), `${at}.url`);
    const caPath = fields.string(record, 'caFile', at, false);
    let ca: string | undefined;
    if (caPath !== undefined) {
      try {
        ca = readFileSync(caPath, 'utf8');
        if (!ca.includes('-----BEGIN CERTIFICATE-----')) fields.problem(`${at}.caFile`, `must be a PEM file with at least one certificate (${caPath})`);
      } catch {
        fields.problem(`${at}.caFile`, `names a file that cannot be read (${caPath})`);
      }
    }
    const insecure = fields.bool(record, 'insecure', at, false);
    if (name === undefined || url === undefined || !NAME.test(name)) return;
    if (url.protocol === 'http:') warnings.push(`SERVERS_FILE: server "${name}" is reached over plain http (${url.origin}): its tokens and data travel unencrypted`);
    servers.push({ name, url, ...(ca === undefined ? {} : { ca }), insecure });
  });
  return servers;
}

function serverUrl(fields: FileFields, value: string | undefined, at: string): URL | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fields.problem(at, 'must be an absolute URL like https://vbm-eu1.example.invalid:4443');
    return undefined;
  }
  let ok = true;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fields.problem(at, `must use https: or http: (got "${url.protocol}")`);
    ok = false;
  }
  if (url.username || url.password || url.search || url.hash) {
    fields.problem(at, 'must not contain credentials, a query or a fragment');
    ok = false;
  }
  const { version, named } = splitApiUrl(url);
  if (named !== undefined && version === undefined) {
    fields.problem(at, `names API ${named}, which this facade does not speak: use v5, v6, v7 or v8, or no version`);
    ok = false;
  }
  return ok ? url : undefined;
}

/** A SESSION_KEY value: base64 of exactly 32 bytes. */
export function parseSessionKey(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const key = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
  return key.length === 32 ? key : undefined;
}
