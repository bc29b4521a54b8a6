import { type Knex } from 'knex';
import {
  type AppendResult,
  ConcurrencyError,
  type ExpectedVersion,
  type NewEvent,
} from '../../../application/ports/event-store.port.js';
import { decideAppend, type ExistingRow } from './append-decision.js';
import { toPosition } from './event-row.mapper.js';
import { isUniqueViolation } from './pg-error.translator.js';

/** First key of the two-key advisory lock space, so stream locks never meet other advisory locks. */
export const STREAM_LOCK_SPACE = 0x65767374; // 'evst'

/**
 * The whole append inside the caller's transaction. Exported so tests can hold a transaction open
 * around the adapter's real SQL; the store wraps it in its own transaction.
 */
export const appendInTransaction = async (
  trx: Knex.Transaction,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
): Promise<AppendResult> => {
  if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
  // Serialises appenders of one stream, so the version read below stays true until commit.
  await trx.raw('SELECT pg_advisory_xact_lock(?, hashtext(?))', [STREAM_LOCK_SPACE, stream]);
  const ids = events.map((event) => event.id);
  const [existing, head] = await Promise.all([
    trx<ExistingRow>('events')
      .select('event_id', 'stream', 'stream_version', 'position', 'transaction_id')
      .whereIn('event_id', ids),
    trx('events').where({ stream }).max<{ version: number | null }>('stream_version as version').first(),
  ]);
  const decision = decideAppend({ stream, events, expected }, head?.version ?? undefined, existing);
  if (decision.kind === 'replayed') return decision.result;
  if (decision.kind === 'conflict') throw decision.error;
  const start = decision.start;
  const rows = events.map((event, i) => ({
    stream,
    stream_version: start + i,
    event_id: event.id,
    type: event.type,
    schema_version: event.metadata.schemaVersion,
    data: JSON.stringify(event.data),
    metadata: JSON.stringify(event.metadata),
  }));
  try {
    const inserted = await trx('events')
      .insert(rows)
      .returning<{ position: string; transaction_id: string }[]>(['position', 'transaction_id']);
    // Delivered to LISTENers at commit, never for a rolled-back append.
    await trx.raw("SELECT pg_notify('events', '')");
    const last = inserted.reduce((a, b) => (BigInt(a.position) > BigInt(b.position) ? a : b));
    return { nextExpectedVersion: start + events.length - 1, position: toPosition(last) };
  } catch (error) {
    // The same event id already recorded in another stream, or a writer outside this lock.
    if (isUniqueViolation(error)) throw new ConcurrencyError(stream, expected, 'unknown');
    throw error;
  }
};
