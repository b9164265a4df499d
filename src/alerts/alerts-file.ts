import { FileFields, readConfigFile } from '../config-file.js';
import { ALERT_RULES, type AlertRuleConfig, type AlertRuleName, type AlertsConfig, type AlertServerAccount, type AlertTargetConfig } from './types.js';

type Env = Record<string, string | undefined>;

const TARGET_TYPES = ['webhook', 'slack', 'teams'] as const;
/** A server name as SERVERS_FILE spells it. */
const SERVER_NAME = /^[a-z0-9-]{1,32}$/;
/** Longest watcher user name or password taken (as `createSession` takes). */
const MAX_CREDENTIAL_LENGTH = 4096;

/** The threshold each rule needs, with its sane range; rules not listed take none. */
const THRESHOLDS: Partial<Record<AlertRuleName, { key: 'hours' | 'percent' | 'days' | 'minutes'; min: number; max: number }>> = {
  jobNotSucceededFor: { key: 'hours', min: 1, max: 24 * 366 },
  repositoryFreeBelow: { key: 'percent', min: 1, max: 99 },
  licenseExpiresWithin: { key: 'days', min: 1, max: 366 },
  licenseUsedAbove: { key: 'percent', min: 1, max: 100 },
  proxyOffline: { key: 'minutes', min: 1, max: 7 * 24 * 60 },
};

/**
 * Reads and validates ALERTS_FILE: every wrong field adds one problem naming its path (e.g.
 * `ALERTS_FILE: rules[2].targets[0] names no declared target "opz"`), so one start reports them
 * all. Undefined when the file cannot be read or has problems. Whether `servers:` names
 * configured servers is the configuration's check (it knows SERVERS_FILE).
 */
export function readAlertsFile(path: string, env: Env, problems: string[]): AlertsConfig | undefined {
  const before = problems.length;
  const raw = readConfigFile('ALERTS_FILE', path, env, problems);
  if (raw === undefined) return undefined;
  const fields = new FileFields('ALERTS_FILE', problems);
  const root = fields.object(raw, 'the file');
  if (!root) return undefined;
  fields.only(root, ['targets', 'rules', 'servers'], 'the file');

  const targets: AlertTargetConfig[] = [];
  const names = new Set<string>();
  const targetList = fields.list(root['targets'], 'targets');
  if (Array.isArray(root['targets']) && targetList.length === 0) fields.problem('targets', 'must name at least one target');
  targetList.forEach((item, index) => {
    const at = `targets[${index}]`;
    const record = fields.object(item, at);
    if (!record) return;
    fields.only(record, ['name', 'type', 'url', 'secret'], at);
    const name = fields.string(record, 'name', at);
    if (name !== undefined) {
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) fields.problem(`${at}.name`, 'must be 1 to 64 letters, digits, ".", "_" or "-"');
      else if (names.has(name)) fields.problem(`${at}.name`, `"${name}" is declared twice`);
      names.add(name);
    }
    const type = fields.string(record, 'type', at);
    if (type !== undefined && !(TARGET_TYPES as readonly string[]).includes(type)) fields.problem(`${at}.type`, `must be one of ${TARGET_TYPES.join(', ')} (got "${type}")`);
    const url = targetUrl(fields, record, at);
    const secret = fields.string(record, 'secret', at, false);
    if (secret !== undefined && type !== 'webhook') fields.problem(`${at}.secret`, 'is only used by webhook targets');
    if (name && type && url) targets.push({ name, type: type as AlertTargetConfig['type'], url, ...(secret !== undefined ? { secret } : {}) });
  });

  const rules: AlertRuleConfig[] = [];
  const ruleList = fields.list(root['rules'], 'rules');
  ruleList.forEach((item, index) => {
    const at = `rules[${index}]`;
    const record = fields.object(item, at);
    if (!record) return;
    const kind = fields.string(record, 'kind', at);
    const known = kind !== undefined && Object.hasOwn(ALERT_RULES, kind);
    if (kind !== undefined && !known) fields.problem(`${at}.kind`, `must be one of ${Object.keys(ALERT_RULES).join(', ')} (got "${kind}")`);
    const threshold = known ? THRESHOLDS[kind as AlertRuleName] : undefined;
    fields.only(record, threshold ? ['kind', 'targets', threshold.key] : ['kind', 'targets'], at);
    const ruleTargets: string[] = [];
    const list = fields.list(record['targets'], `${at}.targets`);
    if (Array.isArray(record['targets']) && list.length === 0) fields.problem(`${at}.targets`, 'must name at least one target');
    list.forEach((target, i) => {
      if (typeof target !== 'string' || target === '') fields.problem(`${at}.targets[${i}]`, 'must be a target name');
      else if (!names.has(target)) fields.problem(`${at}.targets[${i}]`, `names no declared target ("${target}")`);
      else if (!ruleTargets.includes(target)) ruleTargets.push(target);
    });
    const rule: AlertRuleConfig = { kind: kind as AlertRuleName, targets: ruleTargets };
    if (threshold) {
      const value = fields.number(record, threshold.key, at, threshold.min, threshold.max);
      if (value !== undefined) rule[threshold.key] = value;
    }
    if (known) rules.push(rule);
  });
  const servers = readAccounts(fields, root['servers']);
  return problems.length === before ? { targets, rules, ...(servers.length > 0 ? { servers } : {}) } : undefined;
}

/** `servers: [{ name, username, password }]`: a server's own watcher account. Values are never echoed. */
function readAccounts(fields: FileFields, value: unknown): AlertServerAccount[] {
  const accounts: AlertServerAccount[] = [];
  fields.list(value, 'servers', false).forEach((item, index) => {
    const at = `servers[${index}]`;
    const record = fields.object(item, at);
    if (!record) return;
    fields.only(record, ['name', 'username', 'password'], at);
    const name = fields.string(record, 'name', at);
    if (name !== undefined && !SERVER_NAME.test(name)) fields.problem(`${at}.name`, 'must be a server name of a-z, 0-9 and "-" (1 to 32)');
    else if (name !== undefined && accounts.some((account) => account.name === name)) fields.problem(`${at}.name`, `"${name}" is named twice`);
    const username = fields.string(record, 'username', at);
    const password = fields.string(record, 'password', at);
    for (const [given, key] of [[username, 'username'], [password, 'password']] as const) {
      if (given !== undefined && given.length > MAX_CREDENTIAL_LENGTH) fields.problem(`${at}.${key}`, `must be at most ${MAX_CREDENTIAL_LENGTH} characters`);
    }
    if (name !== undefined && SERVER_NAME.test(name) && username !== undefined && password !== undefined) accounts.push({ name, username, password });
  });
  return accounts;
}

function targetUrl(fields: FileFields, record: Record<string, unknown>, at: string): URL | undefined {
  const value = fields.string(record, 'url', at);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is not echoed: Slack and Teams URLs are secrets.
    fields.problem(`${at}.url`, 'must be an absolute http(s) URL (value not shown)');
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fields.problem(`${at}.url`, `must use https: or http: (got "${url.protocol}")`);
    return undefined;
  }
  return url;
}
