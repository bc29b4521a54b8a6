import {
  ConcurrencyError,
  EventStoreUnavailableError,
  StreamNotFoundError,
} from '../../../src/application/ports/event-store.port.js';
import { createKnex } from '../../../src/infrastructure/database/knex.factory.js';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { describeEventStoreContract } from './event-store.contract.js';
import { newEvent, sleep, streamName } from './event-store.fixtures.js';

describeEventStoreContract('PostgreSQL', async () => {
  const database = await createTestDatabase();
  const store = new PostgresEventStore({ knex: database.knex });
  return {
    store,
    teardown: async () => {
      await store.close();
      await database.drop();
    },
  };
});

describe('PostgreSQL event store specifics', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ knex: database.knex });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('has no head position while the log is empty', async () => {
    expect(await store.headPosition()).toBeNull();
  });

  it('refuses an event id already recorded in another stream', async () => {
    const [a, b] = [streamName(), streamName()];
    const event = newEvent();
    await store.appendToStream(a, [event], { expectedVersion: 'no_stream' });
    await expect(store.appendToStream(b, [event], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    await expect(store.readStream(b)).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('rolls back the whole batch when its third row fails inside the insert', async () => {
    const [other, stream] = [streamName(), streamName()];
    const taken = newEvent();
    await store.appendToStream(other, [taken], { expectedVersion: 'no_stream' });
    await expect(
      store.appendToStream(stream, [newEvent(), newEvent(), taken, newEvent()], { expectedVersion: 'no_stream' }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('waits on the listener while idle instead of querying in a loop', async () => {
    const idle = new PostgresEventStore({ knex: database.knex, pollIntervalMs: 100 });
    let queries = 0;
    const count = (): void => void (queries += 1);
    database.knex.on('query', count);
    const subscription = idle.subscribe({ subscriberId: 'idle' }, async () => undefined);
    await sleep(1_000);
    await subscription.stop();
    database.knex.off('query', count);
    await idle.close();
    // About one read per poll interval; a busy loop would make thousands.
    expect(queries).toBeGreaterThan(3);
    expect(queries).toBeLessThan(30);
  });

  it('stores and returns positions as the writer transaction id and the row sequence', async () => {
    const stream = streamName();
    const { position } = await store.appendToStream(stream, [newEvent(), newEvent()], { expectedVersion: 'no_stream' });
    const row = await database.knex('events')
      .where({ stream, stream_version: 1 })
      .first<{ transaction_id: string; position: string }>('transaction_id', 'position');
    expect(position).toEqual({ commit: BigInt(row!.transaction_id), prepare: BigInt(row!.position) });
  });
});

describe('PostgreSQL event store without a server', () => {
  // Port 1 refuses connections at once: nothing listens there.
  const knex = createKnex('postgres://postgres@127.0.0.1:1/none', { log: { warn: () => undefined } });
  const store = new PostgresEventStore({ knex, pollIntervalMs: 50 });
  afterAll(async () => {
    await store.close();
    await knex.destroy();
  });

  it('reports EventStoreUnavailableError from every operation', async () => {
    const unavailable = expect.any(EventStoreUnavailableError);
    await expect(store.appendToStream(streamName(), [newEvent()], { expectedVersion: 'any' })).rejects.toEqual(unavailable);
    await expect(store.readStream(streamName())).rejects.toEqual(unavailable);
    await expect(store.readAll({ limit: 10 })).rejects.toEqual(unavailable);
    await expect(store.headPosition()).rejects.toEqual(unavailable);
    const subscription = store.subscribe({ subscriberId: 'offline' }, async () => undefined);
    await expect(subscription.closed).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
