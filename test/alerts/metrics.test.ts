import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertDelivery } from '../../src/alerts/delivery.js';
import { createFileAlertStore } from '../../src/alerts/file-store.js';
import type { Alert } from '../../src/alerts/types.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { startReceiver } from '../helpers/receiver.js';
import { deliveryEvents, failedSession, fakeClock, lowRepository } from './fixtures.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('alert metrics', () => {
  it('count raised alerts by server and kind, deliveries by server, target and outcome, and read the outbox at scrape time', async () => {
    const receiver = await startReceiver();
    const dir = mkdtempSync(join(tmpdir(), 'vbm-alerts-'));
    const clock = fakeClock();
    const store = await createFileAlertStore({ dir, now: clock.now });
    cleanups.push(() => receiver.close(), () => rmSync(dir, { recursive: true, force: true }), () => store.close());
    const metrics = createMetrics();
    metrics.knowServers(['eu1', 'us1']);
    metrics.observeOutbox(store, clock.now);

    // The same session id on two servers is two alerts; a server no longer configured (an alert kept in the outbox) is `_other`.
    const on = (server: string, alert: Alert): Alert => ({ ...alert, id: alert.id.replace(':', `:${server}:`), server });
    const raised = [on('eu1', failedSession('m-1')), on('eu1', failedSession('m-1')), on('us1', failedSession('m-1')), on('us1', lowRepository('r-1')), on('retired', failedSession('m-2'))];
    for (const alert of raised) {
      if (await store.raise(alert, ['ops', 'chat'])) metrics.alertRaised(alert);
    }
    clock.advance(90_000);
    let text = await metrics.registry.metrics();
    expect(series(text, 'alerts_raised_total')).toEqual([
      'alerts_raised_total{server="_other",kind="JOB_SESSION_FAILED"} 1',
      'alerts_raised_total{server="eu1",kind="JOB_SESSION_FAILED"} 1',
      'alerts_raised_total{server="us1",kind="JOB_SESSION_FAILED"} 1',
      'alerts_raised_total{server="us1",kind="REPOSITORY_FREE_BELOW"} 1',
    ]);
    expect(text).toContain('alert_outbox_length 8');
    expect(text).toContain('alert_outbox_oldest_age_seconds 90');

    receiver.answer('/chat', [400]);
    const events = deliveryEvents();
    const delivery = createAlertDelivery({
      store,
      targets: [
        { name: 'ops', type: 'webhook', url: new URL('/ops', receiver.origin) },
        { name: 'chat', type: 'slack', url: new URL('/chat', receiver.origin) },
      ],
      retryBaseMs: 1000,
      clock,
      onDelivery: (event) => {
        metrics.alertDelivery(event);
        events.onDelivery(event);
      },
    });
    cleanups.push(() => delivery.stop());
    delivery.start();
    await events.waitFor(() => true, 8);
    expect(events.events.map((event) => event.server).sort()).toEqual(['eu1', 'eu1', 'retired', 'retired', 'us1', 'us1', 'us1', 'us1']);
    text = await metrics.registry.metrics();
    expect(series(text, 'alert_deliveries_total')).toEqual([
      'alert_deliveries_total{server="_other",target="chat",outcome="gave-up"} 1',
      'alert_deliveries_total{server="_other",target="ops",outcome="delivered"} 1',
      'alert_deliveries_total{server="eu1",target="chat",outcome="gave-up"} 1',
      'alert_deliveries_total{server="eu1",target="ops",outcome="delivered"} 1',
      'alert_deliveries_total{server="us1",target="chat",outcome="gave-up"} 2',
      'alert_deliveries_total{server="us1",target="ops",outcome="delivered"} 2',
    ]);
    expect(receiver.at('/ops')).toHaveLength(4);
    expect(receiver.at('/chat')).toHaveLength(4);
    expect(text).toContain('alert_outbox_length 0');
    expect(text).toContain('alert_outbox_oldest_age_seconds 0');
    // Names only: no alert id, subject or URL in a label.
    expect(text).not.toContain('m-1');
    expect(text).not.toContain(receiver.origin);
  });
});

/** A metric's series (not its HELP and TYPE lines), sorted. */
function series(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .sort();
}
