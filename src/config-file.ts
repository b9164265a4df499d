import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

type Env = Record<string, string | undefined>;

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Reads a configuration file (`.json`, `.yaml` or `.yml`, the format following the extension)
 * and replaces every `${NAME}` in its string values from `env`. Placeholders are replaced after
 * parsing, so a value from the environment can never change the file's structure. Every problem
 * (unreadable file, syntax error, unset variable) is pushed to `problems`, prefixed with
 * `variable` (e.g. `ALERTS_FILE`); the result is undefined when the file could not be read at all.
 */
export function readConfigFile(variable: string, path: string, env: Env, problems: string[]): unknown {
  const format = extname(path).toLowerCase();
  if (format !== '.json' && format !== '.yaml' && format !== '.yml') {
    problems.push(`${variable}: ${path} must end in .json, .yaml or .yml (the format follows the extension)`);
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = format === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    problems.push(`${variable}: ${path} is not valid ${format === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
  return substitute(parsed, '', (name, at) => {
    const value = env[name];
    if (value === undefined) problems.push(`${variable}: ${at || 'the file'} names \${${name}}, which is not set in the environment`);
    return value ?? '';
  });
}

function substitute(value: unknown, at: string, lookup: (name: string, at: string) => string): unknown {
  if (typeof value === 'string') return value.replace(PLACEHOLDER, (_match, name: string) => lookup(name, at));
  if (Array.isArray(value)) return value.map((item, index) => substitute(item, `${at}[${index}]`, lookup));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, at ? `${at}.${key}` : key, lookup)]));
  }
  return value;
}

/** A small reader for the objects of a configuration file: each wrong field adds one problem naming its path. */
export class FileFields {
  constructor(
    private readonly variable: string,
    private readonly problems: string[],
  ) {}

  problem(at: string, message: string): void {
    this.problems.push(`${this.variable}: ${at} ${message}`);
  }

  object(value: unknown, at: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.problem(at, 'must be an object');
    return undefined;
  }

  list(value: unknown, at: string, required = true): unknown[] {
    if (Array.isArray(value)) return value;
    if (value !== undefined || required) this.problem(at, 'must be a list');
    return [];
  }

  string(record: Record<string, unknown>, key: string, at: string, required = true): string | undefined {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0) return value;
    if (value !== undefined || required) this.problem(`${at}.${key}`, 'must be a non-empty string');
    return undefined;
  }

  number(record: Record<string, unknown>, key: string, at: string, min: number, max: number): number | undefined {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    this.problem(`${at}.${key}`, `must be a number from ${min} to ${max}`);
    return undefined;
  }

  bool(record: Record<string, unknown>, key: string, at: string, fallback: boolean): boolean {
    const value = record[key];
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.problem(`${at}.${key}`, 'must be true or false');
    return fallback;
  }

  /** Every key of `record` not in `known` is a problem (a misspelt key must not pass silently). */
  only(record: Record<string, unknown>, known: readonly string[], at: string): void {
    for (const key of Object.keys(record)) if (!known.includes(key)) this.problem(`${at}.${key}`, `is not a known key (known: ${known.join(', ')})`);
  }
}
