import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { metricsRegistry } from '../metrics/metrics.js';
import { WebhookDeliveryLoop, type WebhookDeliveryConfig } from './webhook-delivery.loop.js';
import { promWebhookMetrics } from './webhook-metrics.js';
import { WebhookSubscriptionsStore } from './webhook-subscriptions.store.js';

/** Subscriptions added, resumed or deleted through another instance are picked up within this. */
const RECONCILE_INTERVAL_MS = 5_000;
const LEASE_TTL_MS = 30_000;

export const deliveryConfig = (config: AppConfig): WebhookDeliveryConfig => ({
  timeoutMs: config.WEBHOOK_TIMEOUT_MS,
  allowPrivate: config.WEBHOOK_ALLOW_PRIVATE === 'true',
  retry: {
    initialDelayMs: config.WEBHOOK_RETRY_INITIAL_DELAY_MS,
    maxDelayMs: config.WEBHOOK_RETRY_MAX_DELAY_MS,
    giveUpAfterMs: config.WEBHOOK_GIVE_UP_AFTER_MS,
  },
  // A lease must outlive the longest attempt, or a slow receiver would hand the subscription around.
  leaseTtlMs: Math.max(LEASE_TTL_MS, config.WEBHOOK_TIMEOUT_MS * 3),
});

/**
 * One delivery loop per subscription (workers only), so a slow or dead receiver holds up nobody
 * else. Keeps the set of loops equal to the table's rows: at start, on a nudge from this instance's
 * API, and every few seconds for changes made through another instance.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loops = new Map<string, WebhookDeliveryLoop>();
  private readonly owner = `webhooks-${randomUUID()}`;
  private readonly metrics = promWebhookMetrics(metricsRegistry);
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(WebhookSubscriptionsStore) private readonly subscriptions: WebhookSubscriptionsStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.nudge();
    this.timer = setInterval(() => void this.nudge().catch(() => undefined), RECONCILE_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.reconciling.catch(() => undefined);
    await Promise.all([...this.loops.values()].map((loop) => loop.stop()));
  }

  nudge(): Promise<void> {
    this.reconciling = this.reconciling.catch(() => undefined).then(() => this.reconcile());
    return this.reconciling;
  }

  private async reconcile(): Promise<void> {
    if (this.closed) return;
    const ids = new Set(await this.subscriptions.ids());
    for (const [id, loop] of this.loops) {
      if (ids.has(id) && !loop.finished) continue;
      this.loops.delete(id);
      await loop.stop();
    }
    for (const id of ids) {
      if (this.loops.has(id) || this.closed) continue;
      const loop = new WebhookDeliveryLoop(id, {
        events: this.events,
        subscriptions: this.subscriptions,
        clock: this.clock,
        owner: this.owner,
        config: deliveryConfig(this.config),
        metrics: this.metrics,
      });
      this.loops.set(id, loop);
      loop.start();
    }
  }
}
