import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertDelivery } from '../../src/alerts/delivery.js';
import { createFileAlertStore } from '../../src/alerts/file-store.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { startReceiver } from '../helpers/receiver.js';
import { deliveryEvents, failedSession, fakeClock, lowRepository } from './fixtures.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('alert metrics', () => {
  it('count raised alerts by kind, deliveries by target and outcome, and read the outbox at scrape time', async () => {
    const receiver = await startReceiver();
    const dir = mkdtempSync(join(tmpdir(), 'vbm-alerts-'));
    const clock = fakeClock();
    const store = await createFileAlertStore({ dir, now: clock.now });
    cleanups.push(() => receiver.close(), () => rmSync(dir, { recursive: true, force: true }), () => store.close());
    const metrics = createMetrics();
    metrics.observeOutbox(store, clock.now);

    for (const alert of [failedSession('m-1'), failedSession('m-1'), lowRepository('r-1')]) {
      if (await store.raise(alert, ['ops', 'chat'])) metrics.alertRaised(alert.kind);
    }
    clock.advance(90_000);
    let text = await metrics.registry.metrics();
    expect(text).toContain('alerts_raised_total{kind="JOB_SESSION_FAILED"} 1');
    expect(text).toContain('alerts_raised_total{kind="REPOSITORY_FREE_BELOW"} 1');
    expect(text).toContain('alert_outbox_length 4');
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
    await events.waitFor(() => true, 4);
    text = await metrics.registry.metrics();
    expect(text).toContain('alert_deliveries_total{target="ops",outcome="delivered"} 2');
    expect(text).toContain('alert_deliveries_total{target="chat",outcome="gave-up"} 2');
    expect(text).toContain('alert_outbox_length 0');
    expect(text).toContain('alert_outbox_oldest_age_seconds 0');
  });
});
