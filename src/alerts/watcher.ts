import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { BackupApi } from '../datasource/backup-api.js';
import type { LeaderElection } from '../live/hub.js';
import { DEFAULT_SERVER_NAME } from '../model.js';
import type { TokenDto } from '../upstream/types.js';
import { CONDITION_KINDS, conditionAlert, evaluateCondition, sessionAlert, sessionAlertKind, type AlertOrigin, type ConditionMemory } from './rules.js';
import { pollSessionEnds, type EndStatus, type SessionEnds } from './session-ends.js';
import { ALERT_RULES, type Alert, type AlertRuleName, type AlertsConfig, type AlertStore } from './types.js';

/**
 * Builds the data source the watcher reads with: a fresh upstream client on its server's pool
 * (its dispatcher, queue and breaker) bound to `token`, or to no token for the sign-in.
 */
export type WatcherApi = (token: string | undefined, signal: AbortSignal) => BackupApi;

export interface WatcherOptions {
  /** The rules (targets name where the store queues each alert). */
  config: AlertsConfig;
  store: AlertStore;
  api: WatcherApi;
  /** The watcher's service account on its server (WATCH_USERNAME / WATCH_PASSWORD, or the server's own in ALERTS_FILE); never logged. */
  credentials: { username: string; password: string };
  /** The backup server watched (its configured name): its alerts, position and lease are its own. Default `default`. */
  server?: string;
  /**
   * Several servers are configured, each with its watcher: alert ids and links name the server,
   * and the lease is `alerts:watcher:<server>`. Default false (one server: all as before).
   */
  nameServer?: boolean;
  /** Who watches in the cluster: the Redis leases with REDIS_URL, else `localLeader()`. */
  election: LeaderElection;
  /** PUBLIC_URL: the base of the dashboard links of alerts. */
  publicUrl?: URL;
  /** Between two evaluations of the condition rules (and of polled sessions); default 30 s. */
  intervalMs?: number;
  /** The lease: a leader that stops renewing is replaced after this long; default 3 intervals. */
  leaseMs?: number;
  /**
   * Where sessions' ends come from; default polling the session list each interval. A source
   * that follows (the v8 event feed) is read continuously while this replica leads.
   */
  sessionEnds?: SessionEnds;
  now?: () => number;
  logger?: Logger;
}

export interface AlertWatcher {
  /** Starts evaluating (the first tick at once); idempotent. */
  start(): void;
  /** One evaluation, if this replica leads: what `start` runs each interval (tests call it). */
  tick(): Promise<void>;
  /** Whether this replica held the lease at its last tick. */
  readonly leading: boolean;
  /** Stops and gives the lease up. */
  stop(): Promise<void>;
}

/** The lease key of the watcher with one server; with several, each server's is `alerts:watcher:<server>`. */
export const WATCHER_LEASE = 'alerts:watcher';

/** The lease of the watcher of `server`: one per server in the cluster, so replicas share the servers' watching. */
export const watcherLease = (server: string, named: boolean): string => (named ? `${WATCHER_LEASE}:${server}` : WATCHER_LEASE);
const DEFAULT_INTERVAL_MS = 30_000;
/** A token is renewed this long before it expires (or at half its life, if that is shorter). */
const REFRESH_MARGIN_MS = 60_000;

/** Without REDIS_URL the one process always leads. */
export function localLeader(): LeaderElection {
  return { tryLead: async () => true, renew: async () => true, release: async () => undefined };
}

/** What the store's position holds for the watcher: the session source's position and the condition memory. */
interface WatcherPosition {
  sessions: string;
  memory: ConditionMemory;
}

function readPosition(stored: string | undefined): WatcherPosition | undefined {
  if (stored === undefined) return undefined;
  try {
    const parsed = JSON.parse(stored) as Partial<WatcherPosition>;
    if (typeof parsed.sessions !== 'string') return undefined;
    const offline = parsed.memory?.offlineSince;
    const offlineSince: Record<string, number> = {};
    if (offline && typeof offline === 'object') for (const [id, at] of Object.entries(offline)) if (typeof at === 'number') offlineSince[id] = at;
    return { sessions: parsed.sessions, memory: { offlineSince } };
  } catch {
    return undefined;
  }
}

const codeOf = (error: unknown): string | undefined => (error as { extensions?: { code?: string } } | undefined)?.extensions?.code;

/**
 * The alerts watcher of one backup server: in the replica holding the server's lease, signs in
 * to it with its own account and, each interval, raises alerts for sessions that ended since its
 * position and for conditions that started, and resolves those whose condition cleared. Dedupe
 * is the store's (`raise` false).
 */
export function createAlertWatcher(options: WatcherOptions): AlertWatcher {
  const { config, store, credentials, election } = options;
  const server = options.server ?? DEFAULT_SERVER_NAME;
  const origin: AlertOrigin = { server, named: options.nameServer ?? false, publicUrl: options.publicUrl };
  const lease = watcherLease(server, origin.named);
  const logger = options.logger?.child({ server });
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const leaseMs = options.leaseMs ?? intervalMs * 3;
  const now = options.now ?? Date.now;
  const sessionEnds = options.sessionEnds ?? pollSessionEnds();
  const targets = new Map(config.rules.map((rule) => [rule.kind, rule.targets] as const));
  const sessionRules = config.rules.filter((rule) => rule.kind === 'jobSessionFailed' || rule.kind === 'jobSessionWarning');
  const conditionRules = config.rules.filter((rule) => rule.kind !== 'jobSessionFailed' && rule.kind !== 'jobSessionWarning');
  const wanted = new Set<EndStatus>(sessionRules.map((rule) => (rule.kind === 'jobSessionFailed' ? 'FAILED' : 'WARNING')));
  const following = sessionEnds.follows && sessionRules.length > 0;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let follower: Promise<void> | undefined;
  let positions: Promise<unknown> = Promise.resolve();
  let leading = false;
  let started = false;
  let session: { token: string; refresh: string | undefined; renewAt: number } | undefined;

  const iso = () => new Date(now()).toISOString();

  const keep = (token: TokenDto) => {
    const life = token.expires_in * 1000;
    session = { token: token.access_token, refresh: token.refresh_token, renewAt: now() + Math.max(0, Math.min(life - REFRESH_MARGIN_MS, life / 2)) };
  };

  let signingIn: Promise<string> | undefined;

  /**
   * Runs `use` with a signal of its own that the watcher's stop aborts: each client adds its
   * listener to that signal, which is dropped with it, so the watcher's signal gathers none.
   */
  async function scoped<T>(use: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const round = new AbortController();
    const abort = () => round.abort();
    controller.signal.addEventListener('abort', abort, { once: true });
    try {
      return await use(round.signal);
    } finally {
      controller.signal.removeEventListener('abort', abort);
    }
  }

  /**
   * A token that is valid for a while yet: signs in, or refreshes one near its expiry. One
   * sign-in at a time: the session follower and the interval's evaluation share it.
   */
  function token(): Promise<string> {
    if (session && now() < session.renewAt) return Promise.resolve(session.token);
    return (signingIn ??= signIn().finally(() => (signingIn = undefined)));
  }

  async function signIn(): Promise<string> {
    return scoped(async (signal) => {
      const anonymous = options.api(undefined, signal);
      if (session?.refresh) {
        try {
          keep(await anonymous.refreshToken(session.refresh));
          return session!.token;
        } catch (error) {
          logger?.warn({ code: codeOf(error) }, 'alerts watcher: refreshing its token failed; signing in again');
        }
      }
      session = undefined;
      keep(await anonymous.createToken(credentials.username, credentials.password));
      return session!.token;
    });
  }

  async function raise(alert: Alert): Promise<void> {
    if (await store.raise(alert, targets.get(RULE_OF[alert.kind]) ?? [])) {
      logger?.info({ alert: alert.id, kind: alert.kind }, 'alert raised');
    }
  }

  /** Reads the sessions ended since `from` and raises their alerts; the position to go on from, and whether the read waited. */
  async function readSessions(api: BackupApi, from: string): Promise<{ position: string; waited: boolean }> {
    const read = await sessionEnds.read(api, from, now(), wanted);
    for (const ended of read.sessions) {
      const kind = sessionAlertKind(ended, sessionRules);
      if (!kind) continue;
      const job = await api.jobOf(ended).catch(() => null);
      const organization = job ? await api.organizationOf(job).catch(() => null) : null;
      await raise(sessionAlert(kind, ended, job, organization, iso(), origin));
    }
    return { position: read.position, waited: read.waited };
  }

  async function evaluateSessions(api: BackupApi, position: WatcherPosition): Promise<void> {
    if (sessionRules.length === 0 || following) return;
    position.sessions = (await readSessions(api, position.sessions)).position;
  }

  /**
   * Changes the stored position, one change at a time in this process (the session follower and
   * the interval's evaluation each own their part of it). Returns the position as written.
   */
  function updatePosition(change: (position: WatcherPosition) => void): Promise<WatcherPosition> {
    const next = positions.then(async () => {
      const stored = await store.position(server);
      const position = readPosition(stored) ?? { sessions: sessionEnds.start(now()), memory: { offlineSince: {} } };
      change(position);
      const written = JSON.stringify(position);
      if (written !== stored) await store.setPosition(written, server);
      return position;
    });
    positions = next.catch(() => undefined);
    return next;
  }

  /**
   * While this replica leads: reads the session source again and again (each read a long poll),
   * keeping its position in the store after each; a read that did not wait (polling, a fallback)
   * is followed by the interval. Failures wait the interval and read the same position again.
   */
  async function follow(): Promise<void> {
    const { signal } = controller;
    while (leading && !signal.aborted) {
      let pause = 0;
      try {
        const { sessions } = await updatePosition(() => undefined);
        const bearer = await token();
        const read = await scoped((round) => readSessions(options.api(bearer, round), sessions));
        if (signal.aborted) break;
        await updatePosition((position) => (position.sessions = read.position));
        if (!read.waited) pause = intervalMs;
      } catch (error) {
        if (signal.aborted) break;
        const code = codeOf(error);
        if (code === 'UNAUTHENTICATED') session = undefined;
        logger?.warn({ code: code ?? 'UNKNOWN' }, 'alerts watcher: reading ended sessions failed; going on from the same position');
        pause = intervalMs;
      }
      if (pause > 0) await sleep(pause, undefined, { signal }).catch(() => undefined);
    }
  }

  async function evaluateConditions(api: BackupApi, position: WatcherPosition): Promise<void> {
    if (conditionRules.length === 0) return;
    // Only this server's: another server's repository or license is not this one's to resolve.
    const firing = (await store.firing()).filter((alert) => alert.server === server && CONDITION_KINDS.has(alert.kind));
    for (const rule of conditionRules) {
      let holding;
      try {
        holding = await evaluateCondition(api, rule, now(), position.memory);
      } catch (error) {
        if (codeOf(error) === 'UNAUTHENTICATED') throw error;
        logger?.warn({ rule: rule.kind, code: codeOf(error) }, 'alerts watcher: a rule could not be evaluated; trying again next interval');
        continue;
      }
      if (holding === undefined) continue;
      const kind = ALERT_RULES[rule.kind];
      const ofRule = firing.filter((alert) => alert.kind === kind);
      const subjects = new Set(holding.map((condition) => condition.subject.id));
      for (const condition of holding) {
        if (ofRule.some((alert) => alert.subject.id === condition.subject.id)) continue;
        await raise(conditionAlert(condition, iso(), origin));
      }
      for (const alert of ofRule) {
        if (subjects.has(alert.subject.id)) continue;
        if (await store.resolve(alert.id, iso())) logger?.info({ alert: alert.id, kind: alert.kind }, 'alert resolved');
      }
    }
  }

  async function evaluate(): Promise<void> {
    const position = await updatePosition(() => undefined);
    const bearer = await token();
    await scoped((signal) => evaluateWith(options.api(bearer, signal), position));
  }

  async function evaluateWith(api: BackupApi, position: WatcherPosition): Promise<void> {
    try {
      try {
        await evaluateSessions(api, position);
      } catch (error) {
        if (codeOf(error) === 'UNAUTHENTICATED') throw error;
        logger?.warn({ code: codeOf(error) ?? 'UNKNOWN' }, 'alerts watcher: reading ended sessions failed; going on from the same position next interval');
      }
      await evaluateConditions(api, position);
    } finally {
      await updatePosition((stored) => {
        // The follower keeps the sessions' part itself.
        if (!following) stored.sessions = position.sessions;
        stored.memory = position.memory;
      });
    }
  }

  async function tick(): Promise<void> {
    if (controller.signal.aborted) return;
    leading = leading ? await election.renew(lease, leaseMs) : await election.tryLead(lease, leaseMs);
    if (!leading || controller.signal.aborted) return;
    if (following && !follower) follower = follow().finally(() => (follower = undefined));
    // A 401 on a token held from before: the server stopped accepting it (revoked, restarted), so sign in once more now.
    for (let attempt = 0; attempt < 2; attempt++) {
      const held = session !== undefined && now() < session.renewAt;
      try {
        return await evaluate();
      } catch (error) {
        const code = codeOf(error);
        if (code === 'UNAUTHENTICATED') session = undefined;
        if (code === 'UNAUTHENTICATED' && held && attempt === 0) continue;
        logger?.warn({ code: code ?? 'UNKNOWN' }, 'alerts watcher: evaluation failed; trying again next interval');
        return;
      }
    }
  }

  const schedule = (ms: number) => {
    if (controller.signal.aborted) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule(intervalMs);
      });
    }, ms);
    timer.unref();
  };

  return {
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    tick: () => (running ??= tick().finally(() => (running = undefined))),
    get leading() {
      return leading;
    },
    async stop() {
      controller.abort();
      clearTimeout(timer);
      await running?.catch(() => undefined);
      await follower;
      if (leading) await election.release(lease);
      leading = false;
    },
  };
}

/** The rule name of each alert kind (whose targets an alert goes to). */
const RULE_OF = Object.fromEntries(Object.entries(ALERT_RULES).map(([rule, kind]) => [kind, rule])) as Record<Alert['kind'], AlertRuleName>;
