import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffMs, createAlertDelivery, retryAfterMs, UnknownAlertTargetError, type AlertDelivery } from '../../src/alerts/delivery.js';
import { createFileAlertStore } from '../../src/alerts/file-store.js';
import type { DurableAlertStore } from '../../src/alerts/outbox.js';
import type { Alert, AlertTargetConfig } from '../../src/alerts/types.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { deliveryEvents, failedSession, fakeClock, lowRepository, memoryLogger, T0 } from './fixtures.js';

const SECRET = 'receiver-shared-secret';

interface Rig {
  receiver: Receiver;
  store: DurableAlertStore;
  delivery: AlertDelivery;
  clock: ReturnType<typeof fakeClock>;
  events: ReturnType<typeof deliveryEvents>;
  log: ReturnType<typeof memoryLogger>;
  targets: AlertTargetConfig[];
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(options: { start?: boolean } = {}): Promise<Rig> {
  const receiver = await startReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'vbm-alerts-'));
  const clock = fakeClock();
  const store = await createFileAlertStore({ dir, now: clock.now });
  const targets: AlertTargetConfig[] = [
    { name: 'ops', type: 'webhook', url: new URL('/hook', receiver.origin), secret: SECRET },
    { name: 'chat', type: 'slack', url: new URL('/slack/T000/B000/XXXX', receiver.origin) },
    { name: 'teams', type: 'teams', url: new URL('/teams/workflow?sig=abc', receiver.origin) },
  ];
  const events = deliveryEvents();
  const log = memoryLogger();
  const delivery = createAlertDelivery({ store, targets, retryBaseMs: 1000, clock, logger: log.logger, onDelivery: events.onDelivery, timeoutMs: 5_000 });
  cleanups.push(
    () => receiver.close(),
    () => rmSync(dir, { recursive: true, force: true }),
    () => store.close(),
    () => delivery.stop(),
  );
  if (options.start !== false) delivery.start();
  return { receiver, store, delivery, clock, events, log, targets };
}

function signed(body: string): string {
  return `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
}

describe('alert delivery to real receivers', () => {
  it('one raise: exactly one signed webhook with the alert as body, one Slack and one Teams message', async () => {
    const { receiver, store, events } = await rig();
    const alert = failedSession('s-1');
    expect(await store.raise(alert, ['ops', 'chat', 'teams'])).toBe(true);
    await events.waitFor((e) => e.outcome === 'delivered', 3);

    const [hook] = receiver.at('/hook');
    expect(receiver.at('/hook')).toHaveLength(1);
    expect(hook!.json).toEqual(alert);
    expect(hook!.headers['x-alert-id']).toBe(alert.id);
    expect(hook!.headers['content-type']).toBe('application/json');
    expect(hook!.headers['x-signature-256']).toBe(signed(hook!.body));

    const slack = receiver.at('/slack/T000/B000/XXXX');
    expect(slack).toHaveLength(1);
    const message = slack[0]!.json as { text: string; blocks: Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ url: string }> }> };
    expect(message.text).toContain('JOB_SESSION_FAILED');
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: expect.stringContaining('Nightly mailboxes'), emoji: false } });
    expect(message.blocks[1]!.text).toEqual({ type: 'mrkdwn', text: alert.message });
    expect(message.blocks.at(-1)!.elements![0]!.url).toBe(alert.link);

    const teams = receiver.at('/teams/workflow?sig=abc');
    expect(teams).toHaveLength(1);
    const card = teams[0]!.json as { type: string; attachments: Array<{ contentType: string; content: { type: string; version: string; body: Array<{ type: string }>; actions: Array<{ type: string; url: string }> } }> };
    expect(card.type).toBe('message');
    expect(card.attachments).toHaveLength(1);
    expect(card.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.attachments[0]!.content.type).toBe('AdaptiveCard');
    expect(card.attachments[0]!.content.version).toBe('1.4');
    expect(card.attachments[0]!.content.body.map((b) => b.type)).toEqual(['TextBlock', 'TextBlock', 'FactSet']);
    expect(card.attachments[0]!.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in the dashboard', url: alert.link }]);

    expect(await store.stats()).toEqual({ length: 0, oldestQueuedAt: null });
    expect(receiver.requests).toHaveLength(3);
  });

  it('a receiver answering 500 twice gets the alert on the third attempt, once, after doubling back-off', async () => {
    const { receiver, store, events, clock, log } = await rig();
    receiver.answer('/hook', [500, 500, 200]);
    await store.raise(failedSession('s-2'), ['ops']);

    const [first] = await events.waitFor((e) => e.outcome === 'retry');
    // Full jitter with random() = 0.5: half of 1000 ms, then half of 2000 ms.
    expect(first!.delayMs).toBe(500);
    expect(clock.pendingDelays()).toEqual([500]);
    clock.advance(500);
    const retries = await events.waitFor((e) => e.outcome === 'retry', 2);
    expect(retries[1]!.delayMs).toBe(1000);
    expect(receiver.at('/hook')).toHaveLength(2);
    clock.advance(1000);
    const [delivered] = await events.waitFor((e) => e.outcome === 'delivered');
    expect(delivered!.attempt).toBe(3);
    expect(receiver.at('/hook')).toHaveLength(3);
    expect(new Set(receiver.at('/hook').map((r) => r.headers['x-alert-id']))).toEqual(new Set([failedSession('s-2').id]));
    expect(await store.stats()).toEqual({ length: 0, oldestQueuedAt: null });
    expect(clock.pendingDelays()).toEqual([]);
    expect(log.text()).toContain('"target":"ops"');
    expect(log.text()).not.toContain(receiver.origin.replace('http://', ''));
    expect(log.text()).not.toContain(SECRET);
  });

  it('429 with Retry-After waits exactly that long before the next attempt', async () => {
    const { receiver, store, events, clock } = await rig();
    receiver.answer('/slack/T000/B000/XXXX', [{ status: 429, headers: { 'retry-after': '7' } }, 200]);
    await store.raise(failedSession('s-3'), ['chat']);
    const [retry] = await events.waitFor((e) => e.outcome === 'retry');
    expect(retry!.status).toBe(429);
    expect(retry!.delayMs).toBe(7000);
    clock.advance(6999);
    // Nothing was due yet: the timer is still pending and no second request was made.
    expect(clock.pendingDelays()).toEqual([7000]);
    expect(receiver.at('/slack/T000/B000/XXXX')).toHaveLength(1);
    clock.advance(1);
    await events.waitFor((e) => e.outcome === 'delivered');
    expect(receiver.at('/slack/T000/B000/XXXX')).toHaveLength(2);
  });

  it('400 is given up after one attempt and logged with target and alert id, never the URL', async () => {
    const { receiver, store, events, clock, log } = await rig();
    receiver.answer('/teams/workflow?sig=abc', [400]);
    const alert = failedSession('s-4');
    await store.raise(alert, ['teams']);
    const [gaveUp] = await events.waitFor((e) => e.outcome === 'gave-up');
    expect(gaveUp).toMatchObject({ target: 'teams', alertId: alert.id, status: 400, attempt: 1 });
    expect(await store.stats()).toEqual({ length: 0, oldestQueuedAt: null });
    expect(clock.pendingDelays()).toEqual([]);
    expect(receiver.at('/teams/workflow?sig=abc')).toHaveLength(1);
    const line = log.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => String(l['msg']).includes('given up'));
    expect(line).toMatchObject({ target: 'teams', alertId: alert.id, status: 400 });
    expect(log.text()).not.toContain('/teams/workflow');
    expect(log.text()).not.toContain('sig=abc');
    expect(log.text()).not.toContain('127.0.0.1');
  });

  it('network errors are retried; an entry not accepted within 24 hours of queueing is given up', async () => {
    const { store, events, clock, delivery, receiver } = await rig({ start: false });
    await store.raise(failedSession('s-5'), ['ops']);
    receiver.answer('/hook', [503]);
    clock.advance(24 * 3_600_000 - 100);
    delivery.start();
    const [expired] = await events.waitFor((e) => e.outcome === 'expired');
    expect(expired).toMatchObject({ status: 503, attempt: 1 });
    expect(await store.stats()).toEqual({ length: 0, oldestQueuedAt: null });
  });

  it('a closed port is a network error and is retried', async () => {
    const receiver = await startReceiver();
    const origin = receiver.origin;
    await receiver.close();
    const dir = mkdtempSync(join(tmpdir(), 'vbm-alerts-'));
    const clock = fakeClock();
    const store = await createFileAlertStore({ dir, now: clock.now });
    const events = deliveryEvents();
    const delivery = createAlertDelivery({ store, targets: [{ name: 'ops', type: 'webhook', url: new URL('/hook', origin) }], retryBaseMs: 1000, clock, onDelivery: events.onDelivery });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close(), () => delivery.stop());
    delivery.start();
    await store.raise(failedSession('s-6'), ['ops']);
    const [retry] = await events.waitFor((e) => e.outcome === 'retry');
    expect(retry!.error).toBe('ECONNREFUSED');
    expect(retry!.delayMs).toBe(500);
    expect(await store.stats()).toMatchObject({ length: 1, oldestQueuedAt: T0 });
  });

  it('resolve delivers the RESOLVED alert to the same targets', async () => {
    const { receiver, store, events } = await rig();
    const alert = lowRepository('repo-a');
    await store.raise(alert, ['ops']);
    await events.waitFor((e) => e.outcome === 'delivered');
    const resolved = await store.resolve(alert.id, '2026-03-01T12:00:00.000Z');
    expect(resolved).toMatchObject({ id: alert.id, state: 'RESOLVED', resolvedAt: '2026-03-01T12:00:00.000Z' });
    expect(await store.resolve(alert.id, '2026-03-01T12:05:00.000Z')).toBeUndefined();
    await events.waitFor((e) => e.outcome === 'delivered', 2);
    const hooks = receiver.at('/hook');
    expect(hooks).toHaveLength(2);
    expect((hooks[1]!.json as Alert).state).toBe('RESOLVED');
    expect((hooks[1]!.json as Alert).resolvedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(hooks[1]!.headers['x-alert-id']).toBe(alert.id);
    expect(hooks[1]!.headers['x-signature-256']).toBe(signed(hooks[1]!.body));
  });

  it('the same id raised twice is recorded and delivered once', async () => {
    const { receiver, store, events } = await rig();
    const results = await Promise.all([store.raise(failedSession('s-7'), ['ops']), store.raise(failedSession('s-7'), ['ops'])]);
    expect(results.sort()).toEqual([false, true]);
    await events.waitFor((e) => e.outcome === 'delivered');
    expect(await store.raise(failedSession('s-7'), ['ops'])).toBe(false);
    expect((await store.page({ first: 10 })).alerts).toHaveLength(1);
    expect(await store.stats()).toEqual({ length: 0, oldestQueuedAt: null });
    expect(receiver.at('/hook')).toHaveLength(1);
  });

  it('sendTest sends a marked test alert once, stores nothing, and is true only on a 2xx', async () => {
    const { receiver, store, delivery } = await rig();
    expect(await delivery.sendTest('ops')).toBe(true);
    const [hook] = receiver.at('/hook');
    expect(hook!.headers['x-alert-test']).toBe('true');
    expect((hook!.json as Alert).message).toContain('test alert');
    expect(hook!.headers['x-signature-256']).toBe(signed(hook!.body));
    expect(await delivery.sendTest('chat')).toBe(true);
    expect((receiver.at('/slack/T000/B000/XXXX')[0]!.json as { text: string }).text).toMatch(/^\[TEST\]/);
    receiver.answer('/teams/workflow?sig=abc', [500]);
    expect(await delivery.sendTest('teams')).toBe(false);
    expect(receiver.requests).toHaveLength(3);
    await expect(delivery.sendTest('nobody')).rejects.toBeInstanceOf(UnknownAlertTargetError);
    expect((await store.page({ first: 10 })).alerts).toEqual([]);
    expect(await store.stats()).toEqual({ length: 0, oldestQueuedAt: null });
  });
});

describe('retry timing', () => {
  it('doubles with full jitter up to 5 minutes', () => {
    expect(backoffMs(1, 1000, () => 0.999)).toBe(999);
    expect(backoffMs(2, 1000, () => 0.5)).toBe(1000);
    expect(backoffMs(20, 1000, () => 0.5)).toBe(150_000);
    expect(backoffMs(3, 1000, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('120', T0)).toBe(120_000);
    expect(retryAfterMs(new Date(T0 + 30_000).toUTCString(), T0)).toBe(30_000);
    expect(retryAfterMs(new Date(T0 - 30_000).toUTCString(), T0)).toBe(0);
    expect(retryAfterMs('soon', T0)).toBeUndefined();
    expect(retryAfterMs(undefined, T0)).toBeUndefined();
  });
});
