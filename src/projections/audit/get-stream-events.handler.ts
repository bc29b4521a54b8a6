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
    const from = Math.max(0, Math.floor(page.from));
    let events: RecordedEvent[];
    try {
      events = await this.store.readStream(stream, { from, limit: limit + 1 });
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
      if (await this.isCallWithoutStream(stream)) return { items: [], nextCursor: null };
      throw new NotFoundError(`stream ${stream} not found`);
    }
    const items = events.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(toAuditEventView), nextCursor: events.length > limit && last ? String(last.streamVersion + 1) : null };
  }

  private async isCallWithoutStream(stream: string): Promise<boolean> {
    if (!stream.startsWith('call-')) return false;
    return (await this.db(CALLS).where({ id: stream.slice('call-'.length) }).first(this.db.raw('1 AS found'))) !== undefined;
  }
}
