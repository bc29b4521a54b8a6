import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { Clock } from '../../application/ports/clock.port.js';
import { type EventStore, formatPosition, type Position, type RecordedEvent } from '../../application/ports/event-store.port.js';
import { subscriptionWants } from '../../domain/webhooks/webhook-events.js';
import { afterFailedDelivery, type WebhookRetryPolicy } from '../../domain/webhooks/webhook-retry.js';
import { signWebhook } from '../telephony/webhook-signature.js';
import { noWebhookMetrics, type WebhookMetrics } from './webhook-metrics.js';
import { postWebhook } from './webhook-poster.js';
import { WebhookLeaseLost, type WebhookSubscription, type WebhookSubscriptionsStore } from './webhook-subscriptions.store.js';

export type WebhookDeliveryConfig = Readonly<{
  timeoutMs: number;
  allowPrivate: boolean;
  retry: WebhookRetryPolicy;
  leaseTtlMs: number;
}>;

export type WebhookDeliveryDeps = Readonly<{
  events: EventStore;
  subscriptions: WebhookSubscriptionsStore;
  clock: Clock;
  owner: string;
  config: WebhookDeliveryConfig;
  metrics?: WebhookMetrics;
}>;

class Parked extends Error {}
class Stopped extends Error {}

export const EVENT_ID_HEADER = 'dialstream-event-id';
export const SIGNATURE_HEADER = 'dialstream-signature';

export const deliveryBody = (e: RecordedEvent): string =>
  JSON.stringify({ id: e.id, type: e.type, stream: e.stream, data: e.data, recordedAt: e.recordedAt.toISOString(), globalPosition: formatPosition(e.position) });

/**
 * Delivers one subscription: its own log subscription from its own checkpoint, one event at a time
 * in log order, the checkpoint moved only after a 2xx — so a crash re-delivers (same event id) and
 * never skips. A failing event is retried with backoff and blocks only this subscription; past the
 * retry window the subscription parks and this loop ends until it is resumed.
 */
export class WebhookDeliveryLoop {
  private readonly logger: Logger;
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();
  private ended = false;
  private failure: { count: number; since: Date | null; retryAt: Date | null } = { count: 0, since: null, retryAt: null };

  constructor(
    readonly id: string,
    private readonly deps: WebhookDeliveryDeps,
  ) {
    this.logger = new Logger(`webhook:${id}`);
  }

  /** Parked or deleted: the dispatcher starts a new loop once it is resumed. */
  get finished(): boolean {
    return this.ended;
  }

  start(): void {
    this.done = this.run().finally(() => {
      this.ended = true;
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    const { subscriptions, clock, owner, config } = this.deps;
    let errors = 0;
    try {
      while (!this.stopped) {
        const subscription = await subscriptions.get(this.id);
        if (!subscription || subscription.parkedAt) return;
        if (!(await subscriptions.lease(this.id, owner, clock.now(), config.leaseTtlMs))) {
          await sleep(config.leaseTtlMs / 2, this.abort.signal);
          continue;
        }
        try {
          await this.follow(subscription);
          errors = 0;
        } catch (error) {
          if (this.stopped || error instanceof Stopped) return;
          if (error instanceof Parked) return this.logger.warn(`parked after ${this.failure.count} failed tries`);
          if (error instanceof WebhookLeaseLost) continue;
          errors += 1;
          this.logger.warn(`stopped on error, restarting from checkpoint: ${(error as Error).message}`);
          await sleep(Math.min(100 * 2 ** errors, 5_000), this.abort.signal);
        }
      }
    } finally {
      await subscriptions.release(this.id, owner).catch(() => undefined);
    }
  }

  private async follow(subscription: WebhookSubscription): Promise<void> {
    const { events, subscriptions, clock, owner, config } = this.deps;
    this.failure = { count: subscription.failures, since: subscription.failingSince, retryAt: subscription.nextRetryAt };
    const renew = setInterval(() => {
      subscriptions.lease(this.id, owner, clock.now(), config.leaseTtlMs).then(
        (held) => held || void live.stop(),
        () => undefined,
      );
    }, config.leaseTtlMs / 3);
    const live = events.subscribe(
      { subscriberId: `webhook:${this.id}`, fromPosition: subscription.checkpoint ?? undefined, maxBatchSize: 100 },
      async (batch) => {
        let skippedTo: Position | null = null;
        for (const event of batch) {
          if (this.stopped) throw new Stopped();
          if (!subscriptionWants(subscription.eventTypes, event)) {
            skippedTo = event.position;
            continue;
          }
          await this.deliver(subscription, event);
          skippedTo = null;
        }
        if (skippedTo) await subscriptions.recordSkipped(this.id, owner, skippedTo);
      },
    );
    const stopLive = () => void live.stop();
    this.abort.signal.addEventListener('abort', stopLive, { once: true });
    try {
      await live.closed;
      // Closed without an error: a stop (ours, or a lost lease).
      if (!this.stopped) throw new WebhookLeaseLost(`webhook ${this.id}: lease lost`);
    } finally {
      clearInterval(renew);
      this.abort.signal.removeEventListener('abort', stopLive);
    }
  }

  private async deliver(subscription: WebhookSubscription, event: RecordedEvent): Promise<void> {
    const { subscriptions, clock, owner, config, metrics = noWebhookMetrics } = this.deps;
    const body = deliveryBody(event);
    const url = new URL(subscription.url);
    for (;;) {
      if (this.failure.retryAt) await sleep(this.failure.retryAt.getTime() - clock.now().getTime(), this.abort.signal);
      if (this.stopped) throw new Stopped();
      const headers = {
        [EVENT_ID_HEADER]: event.id,
        [SIGNATURE_HEADER]: signWebhook(subscription.secret, body, Math.floor(clock.now().getTime() / 1000)),
        'user-agent': 'dialstream-webhooks/1',
      };
      const startedMs = performance.now();
      const result = await postWebhook(url, body, headers, { timeoutMs: config.timeoutMs, allowPrivate: config.allowPrivate, signal: this.abort.signal });
      if (this.stopped) throw new Stopped();
      const now = clock.now();
      metrics.attempted(result.ok ? 'success' : 'failure', (performance.now() - startedMs) / 1000);
      if (result.ok) {
        await subscriptions.recordDelivered(this.id, owner, event.position, now);
        metrics.delivered((now.getTime() - event.recordedAt.getTime()) / 1000);
        this.failure = { count: 0, since: null, retryAt: null };
        return;
      }
      const count = this.failure.count + 1;
      const since = this.failure.since ?? now;
      const decision = afterFailedDelivery(config.retry, count, since.getTime(), now.getTime());
      const retryAt = decision.kind === 'retry' ? new Date(decision.atMs) : null;
      await subscriptions.recordFailure(this.id, owner, { now, error: result.error, failures: count, failingSince: since, nextRetryAt: retryAt, parked: !retryAt });
      this.failure = { count, since, retryAt };
      if (!retryAt) {
        metrics.parked();
        throw new Parked();
      }
    }
  }
}

/** Resolves early, without an error, when the loop stops. */
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  ms <= 0 ? Promise.resolve() : delay(ms, undefined, { signal }).catch(() => undefined);
