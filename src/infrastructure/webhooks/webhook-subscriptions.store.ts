import type { Knex } from 'knex';
import { formatPosition, parsePosition, type Position } from '../../application/ports/event-store.port.js';

export type WebhookSubscription = Readonly<{
  id: string;
  url: string;
  eventTypes: string[];
  secret: string;
  createdAt: Date;
  checkpoint: Position | null;
  delivered: number;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
  failures: number;
  failingSince: Date | null;
  nextRetryAt: Date | null;
  parkedAt: Date | null;
}>;

type Row = {
  id: string;
  url: string;
  event_types: string[];
  secret: string;
  created_at: Date;
  checkpoint: string | null;
  delivered: string;
  last_success_at: Date | null;
  last_failure_at: Date | null;
  last_error: string | null;
  failures: number;
  failing_since: Date | null;
  next_retry_at: Date | null;
  parked_at: Date | null;
};

const TABLE = 'webhook_subscriptions';

const fromRow = (r: Row): WebhookSubscription => ({
  id: r.id,
  url: r.url,
  eventTypes: r.event_types,
  secret: r.secret,
  createdAt: r.created_at,
  checkpoint: r.checkpoint === null ? null : parsePosition(r.checkpoint),
  delivered: Number(r.delivered),
  lastSuccessAt: r.last_success_at,
  lastFailureAt: r.last_failure_at,
  lastError: r.last_error,
  failures: r.failures,
  failingSince: r.failing_since,
  nextRetryAt: r.next_retry_at,
  parkedAt: r.parked_at,
});

const CLEAR_FAILURE = { failures: 0, failing_since: null, next_retry_at: null };

/** Thrown when this worker no longer holds the subscription (deleted, or its lease went to another). */
export class WebhookLeaseLost extends Error {
  override readonly name = 'WebhookLeaseLost';
}

/**
 * Subscriptions and their delivery state. Every write by a delivering worker is guarded by its lease,
 * so a worker that stalled past its lease cannot move a checkpoint another worker now owns.
 */
export class WebhookSubscriptionsStore {
  constructor(private readonly knex: Knex) {}

  async create(s: Readonly<{ id: string; url: string; eventTypes: string[]; secret: string; createdAt: Date; checkpoint: Position | null }>): Promise<WebhookSubscription> {
    const [row] = await this.knex<Row>(TABLE)
      .insert({
        id: s.id,
        url: s.url,
        event_types: JSON.stringify(s.eventTypes) as unknown as string[],
        secret: s.secret,
        created_at: s.createdAt,
        checkpoint: s.checkpoint && formatPosition(s.checkpoint),
      })
      .returning('*');
    return fromRow(row as Row);
  }

  async get(id: string): Promise<WebhookSubscription | null> {
    const row = await this.knex<Row>(TABLE).where({ id }).first();
    return row ? fromRow(row) : null;
  }

  async list(limit: number, after?: string): Promise<WebhookSubscription[]> {
    const query = this.knex<Row>(TABLE).orderBy('id').limit(limit);
    if (after) void query.where('id', '>', after);
    return (await query).map(fromRow);
  }

  async ids(): Promise<string[]> {
    return (await this.knex<Row>(TABLE).select('id')).map((r) => r.id);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.knex(TABLE).where({ id }).delete()) > 0;
  }

  /** Clears parking and the failure streak; the next try is now. */
  async resume(id: string): Promise<boolean> {
    return (await this.knex(TABLE).where({ id }).update({ parked_at: null, ...CLEAR_FAILURE })) > 0;
  }

  /** Takes or renews the lease; false while another live worker holds it. */
  async lease(id: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
    const updated = await this.knex(TABLE)
      .where({ id })
      .andWhere((q) => void q.whereNull('lease_owner').orWhere('lease_owner', owner).orWhere('lease_expires_at', '<', now))
      .update({ lease_owner: owner, lease_expires_at: new Date(now.getTime() + ttlMs) });
    return updated > 0;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.knex(TABLE).where({ id, lease_owner: owner }).update({ lease_owner: null, lease_expires_at: null });
  }

  async recordDelivered(id: string, owner: string, position: Position, now: Date): Promise<void> {
    await this.guarded(id, owner, {
      checkpoint: formatPosition(position),
      delivered: this.knex.raw('delivered + 1'),
      last_success_at: now,
      ...CLEAR_FAILURE,
    });
  }

  /** Events the subscription does not want: only the checkpoint moves. */
  async recordSkipped(id: string, owner: string, position: Position): Promise<void> {
    await this.guarded(id, owner, { checkpoint: formatPosition(position) });
  }

  async recordFailure(
    id: string,
    owner: string,
    f: Readonly<{ now: Date; error: string; failures: number; failingSince: Date; nextRetryAt: Date | null; parked: boolean }>,
  ): Promise<void> {
    await this.guarded(id, owner, {
      last_failure_at: f.now,
      last_error: f.error,
      failures: f.failures,
      failing_since: f.failingSince,
      next_retry_at: f.nextRetryAt,
      parked_at: f.parked ? f.now : null,
    });
  }

  private async guarded(id: string, owner: string, changes: Record<string, unknown>): Promise<void> {
    const updated = await this.knex(TABLE).where({ id, lease_owner: owner }).update(changes);
    if (updated === 0) throw new WebhookLeaseLost(`webhook ${id} is no longer held by ${owner}`);
  }
}
