import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  type ReadPosition,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import {
  type AppendResult,
  comparePositions,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
} from '../../../application/ports/event-store.port.js';
import { translateError, withDeadline } from './eventstoredb-error.translator.js';
import { startBatchedSubscription, type SubscriptionSource } from './eventstoredb-subscription.js';
import { isSystemEvent, toEventData, toExpectedRevision, toPosition, toReadPosition, toRecordedEvent } from './eventstoredb.mapper.js';

// The pure mappings, for tests and for anyone reasoning about the adapter from this one module.
export { isUnavailable, translateError, withDeadline } from './eventstoredb-error.translator.js';
export * from './eventstoredb.mapper.js';

/** The part of the client this adapter uses; tests hand in a fake with the same shape. */
export type EsdbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export type EventStoreDbOptions = Readonly<{
  /** Longest wait for one append or one page of a read before EventStoreUnavailableError (default 10 s). */
  deadlineMs?: number;
  /** Events per subscription batch when the subscriber does not say (default 100). */
  defaultMaxBatchSize?: number;
}>;

const HEAD_PAGE = 32;
const MIN_PAGE = 64;

export class EventStoreDbEventStore implements EventStore {
  private readonly deadlineMs: number;
  private readonly defaultMaxBatchSize: number;
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly client: EsdbClient,
    options: EventStoreDbOptions = {},
  ) {
    this.deadlineMs = options.deadlineMs ?? 10_000;
    this.defaultMaxBatchSize = options.defaultMaxBatchSize ?? 100;
  }

  async appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedVersion: ExpectedVersion }>,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
    const expected = options.expectedVersion;
    try {
      const append = async (): Promise<AppendResult> => {
        const { nextExpectedRevision } = await this.client.appendToStream(stream, events.map(toEventData), {
          expectedRevision: toExpectedRevision(expected),
          deadline: this.deadlineMs,
        });
        // The position an append reports is its commit's, which need not be its last event's own
        // (and is absent for an idempotent retry); the port promises the last event's: read it back.
        const [last] = await this.page(this.client.readStream(stream, { fromRevision: nextExpectedRevision, maxCount: 1 }));
        if (!last?.event) throw new Error(`EventStoreDB lost ${stream}@${nextExpectedRevision} right after appending it`);
        return { nextExpectedVersion: Number(nextExpectedRevision), position: toRecordedEvent(last.event).position };
      };
      return await withDeadline(append(), this.deadlineMs, `an append to ${stream}`);
    } catch (error) {
      throw translateError(error, { stream, expected });
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { from = 0, limit } = options;
    if (limit !== undefined && limit <= 0) return [];
    try {
      const read = this.client.readStream(stream, {
        fromRevision: BigInt(from),
        ...(limit === undefined ? {} : { maxCount: limit }),
        direction: FORWARDS,
      });
      return (await this.page(read)).flatMap(({ event }) => (event ? [toRecordedEvent(event)] : []));
    } catch (error) {
      throw translateError(error);
    }
  }

  async readAll({ fromPosition, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    if (limit <= 0) return found;
    try {
      // $all reads include their start position and cannot filter here, so pages skip both.
      let cursor = fromPosition;
      for (;;) {
        const pageSize = Math.max(limit - found.length + 1, MIN_PAGE);
        const page = await this.readAllPage(toReadPosition(cursor), pageSize, FORWARDS);
        for (const event of page) {
          if (cursor && comparePositions(event.position, cursor) <= 0) continue;
          if (isSystemEvent(event)) continue;
          found.push(toRecordedEvent(event));
          if (found.length === limit) return found;
        }
        const next = page.at(-1)?.position;
        if (page.length < pageSize || !next || (cursor && comparePositions(next, cursor) <= 0)) return found;
        cursor = toPosition(next);
      }
    } catch (error) {
      throw translateError(error);
    }
  }

  async headPosition(): Promise<Position | null> {
    try {
      let cursor: Position | undefined;
      for (;;) {
        const page = await this.readAllPage(cursor ? toReadPosition(cursor) : END, HEAD_PAGE, BACKWARDS);
        const fresh = page.filter((event) => !cursor || comparePositions(event.position, cursor) < 0);
        const head = fresh.find((event) => !isSystemEvent(event));
        if (head) return toPosition(head.position);
        const next = fresh.at(-1)?.position;
        if (page.length < HEAD_PAGE || !next) return null;
        cursor = toPosition(next);
      }
    } catch (error) {
      throw translateError(error);
    }
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    const maxBatchSize = options.maxBatchSize ?? this.defaultMaxBatchSize;
    const source = this.client.subscribeToAll(
      { fromPosition: toReadPosition(options.fromPosition), filter: excludeSystemEvents() },
      { highWaterMark: maxBatchSize },
    ) as SubscriptionSource;
    const subscription = startBatchedSubscription(
      source,
      {
        ...(options.fromPosition ? { fromPosition: options.fromPosition } : {}),
        maxBatchSize,
        toEvent: (item) => {
          const { event } = item as AllStreamResolvedEvent;
          return event && !isSystemEvent(event) ? toRecordedEvent(event) : null;
        },
        translateError: (error) => translateError(error),
      },
      handler,
    );
    this.subscriptions.add(subscription);
    void subscription.closed.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private readAllPage(from: ReadPosition, maxCount: number, direction: typeof FORWARDS | typeof BACKWARDS) {
    return this.page(this.client.readAll({ fromPosition: from, maxCount, direction })).then((page) =>
      page.flatMap(({ event }) => (event ? [event] : [])),
    );
  }

  /** A whole bounded read, or EventStoreUnavailableError (and a cancelled read) after the deadline. */
  private async page<E extends ResolvedEvent | AllStreamResolvedEvent>(read: StreamingRead<E>): Promise<E[]> {
    const collect = async (): Promise<E[]> => {
      const items: E[] = [];
      for await (const item of read) items.push(item);
      return items;
    };
    try {
      return await withDeadline(collect(), this.deadlineMs, 'a read');
    } catch (error) {
      void read.cancel().catch(() => undefined);
      throw error;
    }
  }
}

export const createEventStoreDbEventStore = (
  options: EventStoreDbOptions & Readonly<{ connectionString: string }>,
): EventStore => new EventStoreDbEventStore(EventStoreDBClient.connectionString(options.connectionString), options);
