import type { Redis } from 'ioredis';
import type { RedisLink } from '../cluster/redis.js';
import { DEFAULT_SERVER_NAME } from '../model.js';
import { HISTORY_MAX_AGE_MS, HISTORY_MAX_ALERTS, pageOf, withServer, type DurableAlertStore, type OutboxEntry } from './outbox.js';
import type { Alert } from './types.js';

const PREFIX = 'vbm:alerts:';
const SEEN = `${PREFIX}seen:`;
const RECORD = `${PREFIX}alert:`;
const HISTORY = `${PREFIX}history`;
const FIRING = `${PREFIX}firing`;
const OUTBOX = `${PREFIX}outbox`;
/** The first server's position before positions named their server; each server's is `position:<server>`. */
const POSITION = `${PREFIX}position`;
const CHANNEL = `${PREFIX}events`;

/**
 * Records the alert once (SET NX on its id), queues one stream entry per target, trims the
 * history (oldest first, by count and age, never a firing alert) and tells every replica, all
 * in one step: two replicas raising the same id record and queue it once.
 * KEYS: seen, record, history, firing, outbox. ARGV: id, record, alert, score, seen ttl,
 * queuedAt, history max, oldest score kept, record prefix, channel, targets...
 */
const RAISE = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[5]) then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[1])
for i = 11, #ARGV do
  redis.call('XADD', KEYS[5], '*', 'alert', ARGV[3], 'target', ARGV[i], 'queuedAt', ARGV[6])
end
redis.call('PUBLISH', ARGV[10], ARGV[3])
local excess = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[7])
local cutoff = tonumber(ARGV[8])
local kept = 0
while true do
  local batch = redis.call('ZRANGE', KEYS[3], kept, kept + 99, 'WITHSCORES')
  if #batch == 0 then return 1 end
  for j = 1, #batch, 2 do
    local member, score = batch[j], tonumber(batch[j + 1])
    if excess <= 0 and score >= cutoff then return 1 end
    if redis.call('SISMEMBER', KEYS[4], member) == 0 then
      redis.call('ZREM', KEYS[3], member)
      redis.call('DEL', ARGV[9] .. member)
      excess = excess - 1
    else
      kept = kept + 1
    end
  end
end
`;

/**
 * Marks a firing alert resolved and queues it for its targets, once: only the call that takes
 * the id out of the firing set does it. KEYS: firing, record, outbox. ARGV: id, record, alert,
 * queuedAt, channel, targets...
 */
const RESOLVE = `
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
for i = 6, #ARGV do
  redis.call('XADD', KEYS[3], '*', 'alert', ARGV[3], 'target', ARGV[i], 'queuedAt', ARGV[4])
end
redis.call('PUBLISH', ARGV[5], ARGV[3])
return 1
`;

interface Recorded {
  alert: Alert;
  targets: string[];
}

export interface RedisAlertStoreOptions {
  link: RedisLink;
  now?: () => number;
  /** History bound in alerts; HISTORY_MAX_ALERTS by default. */
  historyMax?: number;
  /** The first configured server: alerts and the position stored before they named a server are its. Default `default`. */
  defaultServer?: string;
}

/**
 * The alert store shared by the replicas (REDIS_URL): alert records and a history sorted set,
 * the outbox as a Redis stream (one entry per alert state and target, deleted once accepted),
 * the watcher position of each server, and raised/resolved alerts published to every replica. An id is
 * recorded once for 30 days. While Redis is down `raise`, `resolve` and `setPosition` reject
 * (nothing is recorded, so the watcher must not move its position past what it could not raise).
 */
export function createRedisAlertStore(options: RedisAlertStoreOptions): DurableAlertStore {
  const { link } = options;
  const now = options.now ?? Date.now;
  const historyMax = options.historyMax ?? HISTORY_MAX_ALERTS;
  const defaultServer = options.defaultServer ?? DEFAULT_SERVER_NAME;
  const client = (): Redis => link.client;
  const listeners = new Set<(alert: Alert) => void>();
  let subscriber: Redis | undefined;
  const onMessage = (channel: string, message: string) => {
    if (channel !== CHANNEL) return;
    let alert: Alert;
    try {
      alert = JSON.parse(message) as Alert;
    } catch {
      return;
    }
    alert = withServer(alert, defaultServer);
    for (const listener of listeners) listener(alert);
  };

  const records = async (ids: string[]): Promise<Recorded[]> => {
    if (ids.length === 0) return [];
    const values = await client().mget(ids.map((id) => RECORD + id));
    return values.flatMap((value) => {
      if (value === null) return [];
      const recorded = JSON.parse(value) as Recorded;
      return [{ alert: withServer(recorded.alert, defaultServer), targets: recorded.targets }];
    });
  };

  return {
    async raise(alert, targets) {
      const recorded: Recorded = { alert: { ...alert, state: 'FIRING', resolvedAt: null }, targets: [...new Set(targets)] };
      const at = now();
      const raised = Date.parse(alert.raisedAt);
      const score = Number.isNaN(raised) ? at : raised;
      const json = JSON.stringify(recorded.alert);
      const done = await client().eval(
        RAISE,
        5,
        SEEN + alert.id,
        RECORD + alert.id,
        HISTORY,
        FIRING,
        OUTBOX,
        alert.id,
        JSON.stringify(recorded),
        json,
        score,
        HISTORY_MAX_AGE_MS,
        at,
        historyMax,
        at - HISTORY_MAX_AGE_MS,
        RECORD,
        CHANNEL,
        ...recorded.targets,
      );
      return Number(done) === 1;
    },
    async resolve(id, resolvedAt) {
      const [current] = await records([id]);
      if (!current || current.alert.state !== 'FIRING') return undefined;
      const resolved: Alert = { ...current.alert, state: 'RESOLVED', resolvedAt };
      const done = await client().eval(RESOLVE, 3, FIRING, RECORD + id, OUTBOX, id, JSON.stringify({ alert: resolved, targets: current.targets }), JSON.stringify(resolved), now(), CHANNEL, ...current.targets);
      return Number(done) === 1 ? resolved : undefined;
    },
    async firing() {
      const ids = await client().smembers(FIRING);
      const found = await records(ids);
      return found.map((r) => r.alert).filter((a) => a.state === 'FIRING').sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    },
    page: (options) =>
      pageOf(async (afterId, count) => {
        let start = 0;
        if (afterId !== null) {
          const rank = await client().zrevrank(HISTORY, afterId);
          if (rank === null) return [];
          start = rank + 1;
        }
        const ids = await client().zrevrange(HISTORY, start, start + count - 1);
        return (await records(ids)).map((r) => r.alert);
      }, options),
    async position(server = defaultServer) {
      const own = await client().get(`${POSITION}:${server}`);
      if (own !== null || server !== defaultServer) return own ?? undefined;
      return (await client().get(POSITION)) ?? undefined;
    },
    async setPosition(position, server = defaultServer) {
      await client().set(`${POSITION}:${server}`, position);
    },
    watch(listener) {
      if (!subscriber) {
        subscriber = link.subscriber();
        subscriber.on('message', onMessage);
        void subscriber.subscribe(CHANNEL).catch(() => undefined);
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async pending(limit) {
      const rows = await client().xrange(OUTBOX, '-', '+', 'COUNT', limit);
      return rows.flatMap(([key, fields]): OutboxEntry[] => {
        const value = (name: string) => fields[fields.indexOf(name) + 1];
        const alert = value('alert');
        const target = value('target');
        if (alert === undefined || target === undefined) return [];
        return [{ key, alert: withServer(JSON.parse(alert) as Alert, defaultServer), target, queuedAt: Number(value('queuedAt')) }];
      });
    },
    async settle(key) {
      await client().xdel(OUTBOX, key);
    },
    async stats() {
      const [length, oldest] = await Promise.all([client().xlen(OUTBOX), client().xrange(OUTBOX, '-', '+', 'COUNT', 1)]);
      const fields = oldest[0]?.[1];
      const queuedAt = fields ? Number(fields[fields.indexOf('queuedAt') + 1]) : null;
      return { length, oldestQueuedAt: length === 0 ? null : queuedAt };
    },
    async close() {
      listeners.clear();
      if (subscriber) {
        subscriber.off('message', onMessage);
        await subscriber.unsubscribe(CHANNEL).catch(() => undefined);
      }
    },
  };
}
