import { type Knex } from 'knex';
import { type AppendResult, type NewEvent } from '../../../application/ports/event-store.port.js';
import { type AppendDecision, type AppendRequest, decideGroup, type ExistingRow } from './append-decision.js';
import { toPosition } from './event-row.mapper.js';
import { STREAM_LOCK_SPACE } from './events.writer.js';

/** An append waiting for a group: its events serialised up front, so a bad payload fails only its own append. */
export type EncodedAppend = AppendRequest & Readonly<{ encoded: readonly string[] }>;

export type GroupOutcome =
  | Readonly<{ ok: true; result: AppendResult }>
  | Readonly<{ ok: false; error: Error }>
  | Readonly<{ ok: 'after-group' }>;

/** Each event as the opening of a JSON object; the group closes it with its stream, version and place. */
export const encodeEvents = (events: readonly NewEvent[]): string[] =>
  events.map((event) =>
    JSON.stringify({
      event_id: event.id,
      type: event.type,
      schema_version: event.metadata.schemaVersion,
      data: event.data,
      metadata: event.metadata,
    }).slice(0, -1),
  );

/**
 * Stream locks in one order (by key), whatever order the group arrived in: two groups that share
 * streams then queue instead of deadlocking. The sort runs before the volatile lock calls.
 */
const LOCK_STREAMS = `
  SELECT pg_advisory_xact_lock(?, key)
  FROM (SELECT DISTINCT hashtext(stream) AS key FROM jsonb_array_elements_text(?::jsonb) AS s(stream)) AS keys
  ORDER BY key`;

/** Every stream's head (the index's max, one probe a stream) and any row already holding one of the ids. */
const READ_HEADS_AND_IDS = `
  SELECT s.stream, (SELECT max(e.stream_version) FROM events e WHERE e.stream = s.stream) AS stream_version,
         NULL::text AS event_id, NULL::text AS position, NULL::text AS transaction_id
  FROM jsonb_array_elements_text(?::jsonb) AS s(stream)
  UNION ALL
  SELECT e.stream, e.stream_version, e.event_id::text, e.position::text, e.transaction_id::text
  FROM events e
  WHERE e.event_id = ANY (ARRAY(SELECT jsonb_array_elements_text(?::jsonb)::uuid))`;

/** Rows inserted in the group's order, so positions follow versions; the notification is delivered at commit. */
const INSERT_ROWS = `
  WITH inserted AS (
    INSERT INTO events (stream, stream_version, event_id, type, schema_version, data, metadata)
    SELECT r.stream, r.stream_version, r.event_id, r.type, r.schema_version, r.data, r.metadata
    FROM jsonb_to_recordset(?::jsonb) AS r(i integer, stream text, stream_version integer, event_id uuid, type text,
                                           schema_version integer, data jsonb, metadata jsonb)
    ORDER BY r.i
    RETURNING event_id::text, position::text, transaction_id::text
  ), notified AS (SELECT pg_notify('events', ''))
  SELECT inserted.* FROM inserted CROSS JOIN notified`;

type ReadRow = Readonly<{ stream: string; stream_version: number | null; event_id: string | null; position: string | null; transaction_id: string | null }>;

const rowsOf = <Row>(result: unknown): Row[] => (result as { rows: Row[] }).rows;

/**
 * Many appends, to any streams, in the caller's transaction: four statements however many there
 * are. Outcomes come back in the appends' order; a conflict is an outcome, not a rollback.
 */
export const appendGroupInTransaction = async (trx: Knex.Transaction, appends: readonly EncodedAppend[]): Promise<GroupOutcome[]> => {
  const streams = JSON.stringify([...new Set(appends.map((append) => append.stream))]);
  await trx.raw(LOCK_STREAMS, [STREAM_LOCK_SPACE, streams]);
  const ids = JSON.stringify(appends.flatMap((append) => append.events.map((event) => event.id)));
  const read = rowsOf<ReadRow>(await trx.raw(READ_HEADS_AND_IDS, [streams, ids]));
  const heads = new Map(read.filter((row) => row.event_id === null).map((row) => [row.stream, row.stream_version ?? undefined]));
  const existing = read.filter((row): row is ExistingRow => row.event_id !== null);
  const decisions = decideGroup(appends, heads, existing);

  const parts: string[] = [];
  decisions.forEach((decision, n) => {
    if (decision.kind !== 'insert') return;
    const { stream, encoded } = appends[n]!;
    const streamJson = JSON.stringify(stream);
    encoded.forEach((event, i) => parts.push(`${event},"i":${parts.length},"stream":${streamJson},"stream_version":${decision.start + i}}`));
  });
  const positions = new Map<string, Readonly<{ position: string; transaction_id: string }>>();
  if (parts.length > 0) {
    const inserted = rowsOf<{ event_id: string; position: string; transaction_id: string }>(await trx.raw(INSERT_ROWS, [`[${parts.join(',')}]`]));
    for (const row of inserted) positions.set(row.event_id, row);
  }
  return decisions.map((decision, n) => outcomeOf(decision, appends[n]!, positions));
};

const outcomeOf = (
  decision: AppendDecision,
  { events }: EncodedAppend,
  positions: ReadonlyMap<string, Readonly<{ position: string; transaction_id: string }>>,
): GroupOutcome => {
  if (decision.kind === 'conflict') return { ok: false, error: decision.error };
  if (decision.kind === 'replayed') return { ok: true, result: decision.result };
  if (decision.kind === 'after-group') return { ok: 'after-group' };
  const last = positions.get(events[events.length - 1]!.id);
  if (!last) throw new Error(`group append: no row came back for event ${events[events.length - 1]!.id}`);
  return { ok: true, result: { nextExpectedVersion: decision.start + events.length - 1, position: toPosition(last) } };
};
