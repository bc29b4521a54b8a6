/**
 * The event-store port. Adapters (PostgreSQL, EventStoreDB) translate driver types and errors into
 * these; nothing outside an adapter sees a driver type.
 */

/**
 * A place in the global log. `commit` orders transactions, `prepare` orders events within one: for
 * PostgreSQL the writer's xid8 and the row's sequence, for EventStoreDB its commit/prepare positions.
 * Compare with `comparePositions`, never by one field alone.
 */
export type Position = Readonly<{ commit: bigint; prepare: bigint }>;

/** `no_stream`: the stream must not exist. `any`: no check. A number: the version of the stream's last event. */
export type ExpectedVersion = 'no_stream' | 'stream_exists' | 'any' | number;

export type EventMetadata = Readonly<{
  correlationId: string;
  causationId: string;
  actor: string;
  recordedAt: string;
  schemaVersion: number;
  [key: string]: unknown;
}>;

export type NewEvent = Readonly<{
  /** UUID; appending the same ids again is a no-op or a ConcurrencyError, never a duplicate. */
  id: string;
  type: string;
  data: Readonly<Record<string, unknown>>;
  metadata: EventMetadata;
}>;

export type RecordedEvent = Readonly<{
  id: string;
  stream: string;
  /** 0-based: the first event of a stream has version 0. */
  streamVersion: number;
  position: Position;
  type: string;
  data: Readonly<Record<string, unknown>>;
  metadata: EventMetadata;
  recordedAt: Date;
}>;

export type AppendResult = Readonly<{ nextExpectedVersion: number; position: Position }>;

export type ReadStreamOptions = Readonly<{ from?: number; limit?: number }>;
/** `fromPosition` is exclusive: events strictly after it. Omitted: from the first event. */
export type ReadAllOptions = Readonly<{ fromPosition?: Position; limit: number }>;

export type SubscribeOptions = Readonly<{
  subscriberId: string;
  /** Exclusive, as in readAll: usually the subscriber's stored checkpoint. */
  fromPosition?: Position;
  maxBatchSize?: number;
}>;

/**
 * Receives events in log order, in batches, catch-up then live, at least once. The handler's promise
 * is awaited before the next batch; a rejection stops the subscription and surfaces via `closed`.
 */
export type SubscriptionHandler = (batch: readonly RecordedEvent[]) => Promise<void>;

export interface Subscription {
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves on stop(), rejects when the handler or the store failed. */
  readonly closed: Promise<void>;
}

export interface EventStore {
  appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedVersion: ExpectedVersion }>,
  ): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  /** Position of the last event readers can see; null when the log is empty. */
  headPosition(): Promise<Position | null>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

export const comparePositions = (a: Position, b: Position): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : a.commit < b.commit ? -1 : 1;

export const formatPosition = (p: Position): string => `${p.commit}/${p.prepare}`;

export const parsePosition = (text: string): Position => {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new Error(`not a position: ${text}`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
};

export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'no_stream' | 'unknown',
  ) {
    super(`stream ${stream}: expected version ${expected}, actual ${actual}`);
  }
}

export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
  constructor(readonly stream: string) {
    super(`stream ${stream} not found`);
  }
}

export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
