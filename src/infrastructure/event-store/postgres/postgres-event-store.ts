import { type Knex } from 'knex';
import {
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
} from '../../../application/ports/event-store.port.js';
import { createKnex } from '../../database/knex.factory.js';
import * as reader from './events.reader.js';
import { AppendQueue, type Queued } from './append-queue.js';
import { appendInTransaction } from './events.writer.js';
import { appendGroupInTransaction, type EncodedAppend, encodeEvents } from './group-append.js';
import { NotificationListener } from './notification.listener.js';
import { isDatabaseUnavailable } from '../../database/database-unavailable.js';
import { translateError } from './pg-error.translator.js';
import { PostgresSubscription } from './postgres.subscription.js';

export type PostgresEventStoreOptions = Readonly<
  ({ databaseUrl: string } | { knex: Knex }) & {
    /** Fallback for events that become readable without a notification. */
    pollIntervalMs?: number;
    maxBatchSize?: number;
    /**
     * Concurrent appends share transactions (group commit), at most `maxInFlight` at once; `false`
     * gives every append its own transaction, as a baseline to measure against.
     */
    groupCommit?: false | Readonly<{ maxInFlight?: number; maxGroupEvents?: number }>;
  }
>;

const GROUP_COMMIT_DEFAULTS = { maxInFlight: 4, maxGroupEvents: 5_000 };

const translated = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw translateError(error);
  }
};

/** Pass either `databaseUrl` (the store owns and closes its pool) or an existing `knex` (the caller does). */
export class PostgresEventStore implements EventStore {
  private readonly knex: Knex;
  private readonly ownsKnex: boolean;
  private readonly listener: NotificationListener;
  private readonly subscriptions = new Set<Subscription>();
  private readonly pollIntervalMs: number;
  private readonly maxBatchSize: number;
  private readonly queue: AppendQueue<EncodedAppend, AppendResult> | undefined;

  constructor(options: PostgresEventStoreOptions) {
    this.ownsKnex = 'databaseUrl' in options;
    this.knex = 'databaseUrl' in options ? createKnex(options.databaseUrl) : options.knex;
    const connection = this.knex.client.config.connection as unknown;
    if (typeof connection !== 'string' && (typeof connection !== 'object' || connection === null)) {
      throw new TypeError('PostgresEventStore needs a knex configured with a static connection');
    }
    this.listener = new NotificationListener(connection as string | object);
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.queue =
      options.groupCommit === false
        ? undefined
        : new AppendQueue((group) => this.commitGroup(group), { ...GROUP_COMMIT_DEFAULTS, ...options.groupCommit });
  }

  appendToStream(
    stream: string,
    events: readonly NewEvent[],
    { expectedVersion }: Readonly<{ expectedVersion: ExpectedVersion }>,
  ): Promise<AppendResult> {
    if (!this.queue) return this.appendAlone(stream, events, expectedVersion);
    if (events.length === 0) return Promise.reject(new RangeError('appendToStream needs at least one event'));
    let encoded: string[];
    try {
      encoded = encodeEvents(events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.queue.push({ stream, events, expected: expectedVersion, encoded }, events.length);
  }

  private appendAlone(stream: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    return translated(() => this.knex.transaction((trx) => appendInTransaction(trx, stream, events, expected)));
  }

  /**
   * Answers each append only after the commit. When the group's transaction fails for a reason that
   * may be one append's (an event id taken by another stream, a payload PostgreSQL refuses), each
   * append is tried again in its own transaction so the others still land; a retried append that
   * did land is recognised by its ids. One at a time, in arrival order: two appends to one stream
   * must meet the versions they would have met in the group.
   */
  private async commitGroup(group: readonly Queued<EncodedAppend, AppendResult>[]): Promise<() => void> {
    const alone = ({ item, resolve, reject }: Queued<EncodedAppend, AppendResult>): Promise<void> =>
      this.appendAlone(item.stream, item.events, item.expected).then(resolve, reject);
    let outcomes;
    try {
      outcomes = await this.knex.transaction((trx) => appendGroupInTransaction(trx, group.map((queued) => queued.item)));
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        const translatedError = translateError(error);
        return () => group.forEach((queued) => queued.reject(translatedError));
      }
      for (const queued of group) await alone(queued);
      return () => undefined;
    }
    for (const queued of group.filter((_, n) => outcomes[n]!.ok === 'after-group')) await alone(queued);
    return () =>
      outcomes.forEach((outcome, n) => {
        if (outcome.ok === true) group[n]!.resolve(outcome.result);
        else if (outcome.ok === false) group[n]!.reject(outcome.error);
      });
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return translated(() => reader.readStream(this.knex, stream, options));
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return translated(() => reader.readAll(this.knex, options));
  }

  headPosition(): Promise<Position | null> {
    return translated(() => reader.headPosition(this.knex));
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    const deps = {
      readAll: (o: ReadAllOptions) => this.readAll(o),
      listener: this.listener,
      pollIntervalMs: this.pollIntervalMs,
      maxBatchSize: this.maxBatchSize,
    };
    const subscription = new PostgresSubscription(deps, options, handler);
    this.subscriptions.add(subscription);
    void subscription.closed.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.queue?.drained();
    await this.listener.close();
    if (this.ownsKnex) await this.knex.destroy();
  }
}

export const createPostgresEventStore = (options: PostgresEventStoreOptions): EventStore =>
  new PostgresEventStore(options);
