import {
  type AppendExpectedRevision,
  type EventData,
  jsonEvent,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
} from '@eventstore/db-client';
import {
  type EventMetadata,
  type ExpectedVersion,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from '../../../application/ports/event-store.port.js';

/** Our versions and ESDB revisions are both the 0-based number of the stream's last event. */
export const toExpectedRevision = (expected: ExpectedVersion): AppendExpectedRevision => {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new RangeError(`expected version must be a non-negative integer, got ${expected}`);
      }
      return BigInt(expected);
  }
};

/** The stream's version as a WrongExpectedVersionError reports it. */
export const toActualVersion = (actual: unknown): number | 'no_stream' | 'unknown' => {
  if (typeof actual === 'bigint') return actual < 0n ? 'no_stream' : Number(actual);
  return actual === NO_STREAM ? 'no_stream' : 'unknown';
};

export const toPosition = (position: Readonly<{ commit: bigint; prepare: bigint }>): Position => ({
  commit: position.commit,
  prepare: position.prepare,
});

/** Where a read or subscription starts: ESDB reads include this position, subscriptions exclude it. */
export const toReadPosition = (position: Position | undefined): ReadPosition =>
  position ? { commit: position.commit, prepare: position.prepare } : START;

/** `$`-prefixed types and streams belong to the server (stats, metadata, links), never to us. */
export const isSystemEvent = (event: Readonly<{ type: string; streamId: string }>): boolean =>
  event.type.startsWith('$') || event.streamId.startsWith('$');

export const toEventData = (event: NewEvent): EventData =>
  jsonEvent({ id: event.id, type: event.type, data: { ...event.data }, metadata: { ...event.metadata } });

const toJsonObject = (value: unknown): Record<string, unknown> => {
  if (value instanceof Uint8Array) return toJsonObject(JSON.parse(Buffer.from(value).toString('utf8')));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value };
};

export const toRecordedEvent = (event: EsdbRecordedEvent): RecordedEvent => {
  // Stream reads carry the $all position only from EventStoreDB 22.6 on; before, the client reports
  // 0/0, which no event can have (the log opens with an epoch record).
  if (!event.position || (event.position.commit === 0n && event.position.prepare === 0n)) {
    throw new Error(`EventStoreDB sent ${event.streamId}@${event.revision} without a log position (server older than 22.6?)`);
  }
  return {
    id: event.id,
    stream: event.streamId,
    streamVersion: Number(event.revision),
    position: toPosition(event.position),
    type: event.type,
    data: toJsonObject(event.data),
    metadata: (event.metadata === undefined ? {} : toJsonObject(event.metadata)) as EventMetadata,
    recordedAt: event.created,
  };
};
