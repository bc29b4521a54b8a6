import { type EventMetadata, type Position, type RecordedEvent } from '../../../application/ports/event-store.port.js';

/** A row of `events` as pg returns it: int8 and xid8 arrive as strings. */
export type EventRow = Readonly<{
  position: string;
  transaction_id: string;
  stream: string;
  stream_version: number;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recorded_at: Date;
}>;

export const EVENT_COLUMNS = [
  'position',
  'transaction_id',
  'stream',
  'stream_version',
  'event_id',
  'type',
  'data',
  'metadata',
  'recorded_at',
] as const;

export const toPosition = (row: Readonly<{ transaction_id: string; position: string }>): Position => ({
  commit: BigInt(row.transaction_id),
  prepare: BigInt(row.position),
});

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row.event_id,
  stream: row.stream,
  streamVersion: row.stream_version,
  position: toPosition(row),
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  recordedAt: row.recorded_at,
});
