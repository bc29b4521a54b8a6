import { type Knex } from 'knex';
import {
  type AppendResult,
  ConcurrencyError,
  type ExpectedVersion,
  type NewEvent,
} from '../../../application/ports/event-store.port.js';
import { toPosition } from './event-row.mapper.js';
import { isUniqueViolation } from './pg-error.translator.js';

/** First key of the two-key advisory lock space, so stream locks never meet other advisory locks. */
const STREAM_LOCK_SPACE = 0x65767374; // 'evst'

type ExistingRow = Readonly<{ event_id: string; stream: string; stream_version: number; position: string; transaction_id: string }>;

const matchesExpectation = (expected: ExpectedVersion, current: number | undefined): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === undefined;
  if (expected === 'stream_exists') return current !== undefined;
  return current === expected;
};

/** A retried append: the same ids, in the same order, already at the place the expectation names. */
const replayedResult = (
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
  existing: readonly ExistingRow[],
): AppendResult | undefined => {
  const byId = new Map(existing.map((row) => [row.event_id, row]));
  const rows = events.map((event) => byId.get(event.id));
  const first = rows[0]?.stream_version;
  if (first === undefined) return undefined;
  const inPlace = rows.every((row, i) => row?.stream === stream && row.stream_version === first + i);
  const previous = first === 0 ? undefined : first - 1;
  if (!inPlace || !(expected === 'any' || matchesExpectation(expected, previous))) return undefined;
  const last = rows[rows.length - 1]!;
  return { nextExpectedVersion: last.stream_version, position: toPosition(last) };
};

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
  const current = head?.version ?? undefined;
  if (existing.length > 0) {
    const replayed = existing.length === ids.length ? replayedResult(stream, events, expected, existing) : undefined;
    if (replayed) return replayed;
    throw new ConcurrencyError(stream, expected, current ?? 'no_stream');
  }
  if (!matchesExpectation(expected, current)) throw new ConcurrencyError(stream, expected, current ?? 'no_stream');

  const start = current === undefined ? 0 : current + 1;
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
