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
import { appendInTransaction } from './events.writer.js';
import { NotificationListener } from './notification.listener.js';
import { translateError } from './pg-error.translator.js';
import { PostgresSubscription } from './postgres.subscription.js';

export type PostgresEventStoreOptions = Readonly<
  ({ databaseUrl: string } | { knex: Knex }) & {
    /** Fallback for events that become readable without a notification. */
    pollIntervalMs?: number;
    maxBatchSize?: number;
  }
>;

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
  }

  appendToStream(
    stream: string,
    events: readonly NewEvent[],
    { expectedVersion }: Readonly<{ expectedVersion: ExpectedVersion }>,
  ): Promise<AppendResult> {
    return translated(() => this.knex.transaction((trx) => appendInTransaction(trx, stream, events, expectedVersion)));
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
    await this.listener.close();
    if (this.ownsKnex) await this.knex.destroy();
  }
}

export const createPostgresEventStore = (options: PostgresEventStoreOptions): EventStore =>
  new PostgresEventStore(options);
