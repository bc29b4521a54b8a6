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

/**
 * One round trip whether or not anything is past `from`: the probe row tells an empty tail (one row
 * of nulls) from a stream that was never written (no row). Readers that catch up on a stream they
 * already hold read an empty tail on nearly every call.
 */
const READ_STREAM = `
  SELECT e.${EVENT_COLUMNS.join(', e.')}
  FROM (SELECT EXISTS (SELECT 1 FROM events WHERE stream = ?) AS present) AS probe
  LEFT JOIN LATERAL (
    SELECT ${EVENT_COLUMNS.join(', ')} FROM events WHERE stream = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?
  ) AS e ON true
  WHERE probe.present`;

export const readStream = async (
  knex: Knex,
  stream: string,
  { from = 0, limit }: ReadStreamOptions = {},
): Promise<RecordedEvent[]> => {
  const { rows } = (await knex.raw(READ_STREAM, [stream, stream, from, limit ?? null])) as { rows: (EventRow | Record<string, null>)[] };
  if (rows.length === 0) throw new StreamNotFoundError(stream);
  return rows.flatMap((row) => (row.event_id === null ? [] : [toRecordedEvent(row as EventRow)]));
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
