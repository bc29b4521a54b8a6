import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { EVENT_STORE, type EventStore, formatPosition } from '../../application/ports/event-store.port.js';
import { NotFoundError, ValidationError } from '../../domain/shared/errors.js';
import { subscriptionWants } from '../../domain/webhooks/webhook-events.js';
import { decodeCursor, encodeCursor, isIdKey } from '../../projections/shared/cursor.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { checkWebhookTarget, WebhookTargetRefused } from './webhook-target.js';
import { type WebhookSubscription, WebhookSubscriptionsStore } from './webhook-subscriptions.store.js';
import type { WebhookView } from './webhook.view.js';

/** Counting the backlog reads the log; past this many events it says "at least". */
export const BACKLOG_SCAN_LIMIT = 1_000;

export type NewWebhook = Readonly<{ url: string; events: string[]; secret?: string }>;

@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    @Inject(WebhookSubscriptionsStore) private readonly subscriptions: WebhookSubscriptionsStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(WebhookDispatcher) private readonly dispatcher?: WebhookDispatcher,
  ) {}

  /** Delivers events recorded from now on; the secret is returned here and never again. */
  async create(input: NewWebhook): Promise<WebhookView & { secret: string }> {
    const url = new URL(input.url);
    await checkWebhookTarget(url, this.config.WEBHOOK_ALLOW_PRIVATE === 'true').catch((error: unknown) => {
      if (error instanceof WebhookTargetRefused) throw new ValidationError([{ field: 'url', message: `${error.message}; set WEBHOOK_ALLOW_PRIVATE=true to allow it` }]);
      throw error;
    });
    const created = await this.subscriptions.create({
      id: randomUUID(),
      url: url.toString(),
      eventTypes: [...new Set(input.events)],
      secret: input.secret ?? `whsec_${randomBytes(24).toString('hex')}`,
      createdAt: this.clock.now(),
      checkpoint: await this.events.headPosition(),
    });
    await this.dispatcher?.nudge();
    return { ...toView(created, null), secret: created.secret };
  }

  async get(id: string): Promise<WebhookView> {
    const subscription = await this.require(id);
    return toView(subscription, await this.backlog(subscription));
  }

  async list(limit: number, cursor?: string): Promise<{ items: WebhookView[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, isIdKey)[0];
    const page = await this.subscriptions.list(limit + 1, after);
    const items = page.slice(0, limit).map((s) => toView(s, null));
    return { items, nextCursor: page.length > limit ? encodeCursor([items[items.length - 1]!.id]) : null };
  }

  async delete(id: string): Promise<void> {
    if (!(await this.subscriptions.delete(id))) throw new NotFoundError(`webhook ${id} not found`);
    await this.dispatcher?.nudge();
  }

  async resume(id: string): Promise<WebhookView> {
    if (!(await this.subscriptions.resume(id))) throw new NotFoundError(`webhook ${id} not found`);
    await this.dispatcher?.nudge();
    return this.get(id);
  }

  private async require(id: string): Promise<WebhookSubscription> {
    const subscription = await this.subscriptions.get(id);
    if (!subscription) throw new NotFoundError(`webhook ${id} not found`);
    return subscription;
  }

  private async backlog(s: WebhookSubscription): Promise<{ events: number; atLeast: boolean }> {
    const options = { limit: BACKLOG_SCAN_LIMIT, ...(s.checkpoint ? { fromPosition: s.checkpoint } : {}) };
    const pending = await this.events.readAll(options);
    return { events: pending.filter((e) => subscriptionWants(s.eventTypes, e)).length, atLeast: pending.length === BACKLOG_SCAN_LIMIT };
  }
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

const toView = (s: WebhookSubscription, backlog: WebhookView['backlog']): WebhookView => ({
  id: s.id,
  url: s.url,
  events: s.eventTypes,
  createdAt: s.createdAt.toISOString(),
  status: s.parkedAt ? 'parked' : s.failures > 0 ? 'retrying' : 'active',
  delivered: s.delivered,
  lastSuccessAt: iso(s.lastSuccessAt),
  lastFailureAt: iso(s.lastFailureAt),
  lastError: s.lastError,
  failures: s.failures,
  failingSince: iso(s.failingSince),
  nextRetryAt: iso(s.nextRetryAt),
  parkedAt: iso(s.parkedAt),
  checkpoint: s.checkpoint && formatPosition(s.checkpoint),
  backlog,
});
