import { type Knex } from 'knex';
import {
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  StreamNotFoundError,
} from '../../../application/ports/event-store.port.js';
import { EVENT_COLUMNS, type EventRow, toPosition, toRecordedEvent } from './event-row.mapper.js';

/**
 * Only transactions older than every transaction still running are readable: their events can no
 * longer be joined by an event that sorts before them. Without this a reader that checkpoints can
 * skip the event of a slow transaction holding a lower xid (or a lower sequence number).
 */
const VISIBLE = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

export const readStream = async (
  knex: Knex,
  stream: string,
  { from = 0, limit }: ReadStreamOptions = {},
): Promise<RecordedEvent[]> => {
  const query = knex<EventRow>('events')
    .select(...EVENT_COLUMNS)
    .where('stream', stream)
    .andWhere('stream_version', '>=', from)
    .orderBy('stream_version');
  if (limit !== undefined) query.limit(limit);
  const rows = await query;
  if (rows.length === 0) {
    const exists = await knex('events').where('stream', stream).first(knex.raw('1'));
    if (!exists) throw new StreamNotFoundError(stream);
  }
  return rows.map(toRecordedEvent);
};

export const readAll = async (knex: Knex, { fromPosition, limit }: ReadAllOptions): Promise<RecordedEvent[]> => {
  const query = knex<EventRow>('events')
    .select(...EVENT_COLUMNS)
    .whereRaw(VISIBLE)
    .orderBy([{ column: 'transaction_id' }, { column: 'position' }])
    .limit(limit);
  // The pair, never the position alone: a lower xid may hold a higher sequence number.
  if (fromPosition) {
    query.andWhereRaw('(transaction_id, position) > (?::xid8, ?::bigint)', [
      fromPosition.commit.toString(),
      fromPosition.prepare.toString(),
    ]);
  }
  return (await query).map(toRecordedEvent);
};

export const headPosition = async (knex: Knex): Promise<Position | null> => {
  const row = await knex<EventRow>('events')
    .select('transaction_id', 'position')
    .whereRaw(VISIBLE)
    .orderBy([
      { column: 'transaction_id', order: 'desc' },
      { column: 'position', order: 'desc' },
    ])
    .first();
  return row ? toPosition(row) : null;
};
