import { Inject } from '@nestjs/common';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import {
  EVENT_STORE,
  type EventStore,
  formatPosition,
  type RecordedEvent,
  StreamNotFoundError,
} from '../../application/ports/event-store.port.js';
import { GetStreamEventsQuery } from '../../application/queries/queries.js';
import type { AuditEventView, Page } from '../../application/views.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { CALLS } from '../calls/call-record.js';
import { clampLimit } from '../shared/page.js';

/**
 * What one page of the trail may weigh: an import event holds 10,000 numbers (about 0.7 MB), so a
 * count alone would let `limit=500` answer hundreds of megabytes. A page holds at least one event.
 */
export const AUDIT_PAGE_BYTES = 2 * 1024 * 1024;
/** Events read at a time while filling a page, so no more than the budget and one batch is held. */
const READ_BATCH = 8;

const sizeOf = (view: AuditEventView): number => Buffer.byteLength(JSON.stringify(view));

/** As recorded: payloads are not upcast, `metadata.schemaVersion` says which shape they have. */
export const toAuditEventView = (e: RecordedEvent): AuditEventView => ({
  type: e.type,
  data: e.data,
  metadata: { ...e.metadata },
  streamVersion: e.streamVersion,
  globalPosition: formatPosition(e.position),
  recordedAt: e.recordedAt.toISOString(),
});

/**
 * The audit trail straight from the event store. `nextCursor` is the next stream version as a decimal
 * string (pass it back as `from`). A campaign call that was never dialed has no stream yet: its trail
 * is empty rather than 404, since GET /calls/:id knows it.
 */
@QueryHandler(GetStreamEventsQuery)
export class GetStreamEventsHandler implements IQueryHandler<GetStreamEventsQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS_DB) private readonly db: Knex,
  ) {}

  async execute({ stream, page }: GetStreamEventsQuery): Promise<Page<AuditEventView>> {
    const limit = clampLimit(page.limit);
    let from = Math.max(0, Math.floor(page.from));
    const items: AuditEventView[] = [];
    let bytes = 0;
    for (;;) {
      const want = Math.min(READ_BATCH, limit - items.length);
      // One more than wanted says whether the trail goes on; it is read again with the next batch.
      const batch = await this.read(stream, from, want + 1);
      if (batch === null) return { items: [], nextCursor: null };
      for (const event of batch.slice(0, want)) {
        const view = toAuditEventView(event);
        bytes += sizeOf(view);
        if (items.length > 0 && bytes > AUDIT_PAGE_BYTES) return { items, nextCursor: String(event.streamVersion) };
        items.push(view);
      }
      const next = batch[want];
      if (next === undefined) return { items, nextCursor: null };
      if (items.length >= limit) return { items, nextCursor: String(next.streamVersion) };
      from = next.streamVersion;
    }
  }

  /** Null: no such stream, but a known call not dialed yet (its trail is empty). */
  private async read(stream: string, from: number, limit: number): Promise<RecordedEvent[] | null> {
    try {
      return await this.store.readStream(stream, { from, limit });
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
      if (await this.isCallWithoutStream(stream)) return null;
      throw new NotFoundError(`stream ${stream} not found`);
    }
  }

  private async isCallWithoutStream(stream: string): Promise<boolean> {
    if (!stream.startsWith('call-')) return false;
    return (await this.db(CALLS).where({ id: stream.slice('call-'.length) }).first(this.db.raw('1 AS found'))) !== undefined;
  }
}
