import {
  comparePositions,
  ConcurrencyError,
  StreamNotFoundError,
  type AppendResult,
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
} from '../../src/application/ports/event-store.port.js';

const versionMatches = (expected: ExpectedVersion, actual: number | 'no_stream'): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  if (expected === 'stream_exists') return actual !== 'no_stream';
  return actual === expected;
};

/**
 * The event-store port in memory, for unit tests only: expected-version checks, one commit per
 * append (`commit` counts appends, `prepare` numbers events within one), copies on the way in and out.
 */
export class InMemoryEventStore implements EventStore {
  readonly #streams = new Map<string, RecordedEvent[]>();
  readonly #log: RecordedEvent[] = [];
  readonly #ids = new Set<string>();
  readonly #listeners = new Set<() => void>();
  readonly #subscriptions = new Set<Subscription>();
  #commit = 0n;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedVersion: ExpectedVersion }>,
  ): Promise<AppendResult> {
    const existing = this.#streams.get(stream) ?? [];
    const actual = existing.length === 0 ? 'no_stream' : existing.length - 1;
    if (!versionMatches(options.expectedVersion, actual)) {
      throw new ConcurrencyError(stream, options.expectedVersion, actual);
    }
    if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
    if (events.some((e) => this.#ids.has(e.id))) throw new ConcurrencyError(stream, options.expectedVersion, actual);
    this.#commit += 1n;
    const recordedAt = this.clock();
    const recorded = events.map(
      (event, i): RecordedEvent =>
        structuredClone({
          id: event.id,
          stream,
          streamVersion: existing.length + i,
          position: { commit: this.#commit, prepare: BigInt(i) },
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          recordedAt,
        }),
    );
    this.#streams.set(stream, [...existing, ...recorded]);
    this.#log.push(...recorded);
    for (const event of recorded) this.#ids.add(event.id);
    for (const listener of this.#listeners) listener();
    return { nextExpectedVersion: existing.length + recorded.length - 1, position: recorded.at(-1)!.position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = this.#streams.get(stream);
    if (!events) throw new StreamNotFoundError(stream);
    const from = options.from ?? 0;
    return structuredClone(events.slice(from, from + (options.limit ?? events.length)));
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const { fromPosition } = options;
    const after = fromPosition ? this.#log.filter((e) => comparePositions(e.position, fromPosition) > 0) : this.#log;
    return structuredClone(after.slice(0, options.limit));
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    let position: Position | undefined = options.fromPosition;
    let stopped = false;
    let signalled = false;
    let wake: (() => void) | null = null;
    const listener = (): void => {
      signalled = true;
      wake?.();
    };
    this.#listeners.add(listener);
    const run = async (): Promise<void> => {
      try {
        while (!stopped) {
          signalled = false;
          const batch = await this.readAll({ fromPosition: position, limit: options.maxBatchSize ?? 100 });
          if (stopped) return;
          if (batch.length > 0) {
            await handler(batch);
            position = batch.at(-1)!.position;
          } else if (!signalled) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = null;
          }
        }
      } finally {
        this.#listeners.delete(listener);
      }
    };
    const closed = run();
    closed.catch(() => undefined); // observed by whoever awaits `closed`; not an unhandled rejection
    const subscription: Subscription = {
      closed,
      stop: async () => {
        stopped = true;
        wake?.();
        this.#subscriptions.delete(subscription);
        await closed.catch(() => undefined);
      },
    };
    this.#subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | null> {
    return this.#log.at(-1)?.position ?? null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.stop()));
  }
}
