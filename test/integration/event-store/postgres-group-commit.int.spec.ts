import {
  type AppendResult,
  comparePositions,
  ConcurrencyError,
  type ExpectedVersion,
  type Position,
  type RecordedEvent,
} from '../../../src/application/ports/event-store.port.js';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { eventually, ids, newEvent, newEvents, readAllOf, streamName } from './event-store.fixtures.js';

describe('PostgreSQL event store: group commit', () => {
  let database: TestDatabase;
  // One transaction at a time: appends handed in while it runs form exactly one group.
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ knex: database.knex, groupCommit: { maxInFlight: 1 } });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const transactionOf = (result: PromiseSettledResult<AppendResult>): bigint => {
    if (result.status !== 'fulfilled') throw new Error(`append failed: ${String(result.reason)}`);
    return result.value.position.commit;
  };

  it('commits the appends that queued together in one transaction, and fails only the one that conflicts', async () => {
    const [busy, a, stale, c] = [streamName(), streamName(), streamName(), streamName()];
    await store.appendToStream(stale, newEvents(2), { expectedVersion: 'no_stream' });
    const first = store.appendToStream(busy, [newEvent()], { expectedVersion: 'no_stream' });
    const group = [
      store.appendToStream(a, newEvents(2), { expectedVersion: 'no_stream' }),
      store.appendToStream(stale, [newEvent()], { expectedVersion: 0 }),
      store.appendToStream(c, [newEvent()], { expectedVersion: 'no_stream' }),
    ];
    const [alone, ...results] = await Promise.allSettled([first, ...group]);

    expect(results[1]).toEqual({ status: 'rejected', reason: expect.any(ConcurrencyError) });
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ stream: stale, expected: 0, actual: 1 });
    expect(transactionOf(results[0]!)).toBe(transactionOf(results[2]!));
    expect(transactionOf(alone!)).not.toBe(transactionOf(results[0]!));
    expect((await store.readStream(a)).map((e) => e.streamVersion)).toEqual([0, 1]);
    expect(await store.readStream(stale)).toHaveLength(2);
  });

  it('checks two appends to one stream in a group against each other, in the order they came', async () => {
    const [busy, stream] = [streamName(), streamName()];
    const first = store.appendToStream(busy, [newEvent()], { expectedVersion: 'no_stream' });
    const [one, two, raced] = [newEvent(), newEvent(), newEvent()];
    const results = await Promise.allSettled([
      first,
      store.appendToStream(stream, [one], { expectedVersion: 'no_stream' }),
      store.appendToStream(stream, [two], { expectedVersion: 0 }),
      store.appendToStream(stream, [raced], { expectedVersion: 0 }),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect(ids(await store.readStream(stream))).toEqual([one.id, two.id]);
  });

  it('lands the rest of a group when one append reuses an event id of another stream', async () => {
    const [busy, owner, thief, innocent] = [streamName(), streamName(), streamName(), streamName()];
    const taken = newEvent();
    const first = store.appendToStream(busy, [newEvent()], { expectedVersion: 'no_stream' });
    const results = await Promise.allSettled([
      first,
      store.appendToStream(owner, [taken], { expectedVersion: 'no_stream' }),
      store.appendToStream(thief, [newEvent(), taken], { expectedVersion: 'no_stream' }),
      store.appendToStream(innocent, [newEvent()], { expectedVersion: 'no_stream' }),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect(ids(await store.readStream(owner))).toEqual([taken.id]);
    await expect(store.readStream(thief)).rejects.toThrow();
    expect(await store.readStream(innocent)).toHaveLength(1);
  });

  it('retries a group PostgreSQL refused one append at a time, in the order the appends came', async () => {
    const [busy, stream, refused] = [streamName(), streamName(), streamName()];
    const [one, two] = [newEvent(), newEvent()];
    const first = store.appendToStream(busy, [newEvent()], { expectedVersion: 'no_stream' });
    const results = await Promise.allSettled([
      first,
      store.appendToStream(stream, [one], { expectedVersion: 'no_stream' }),
      store.appendToStream(stream, [two], { expectedVersion: 0 }),
      // jsonb takes no NUL character: the whole group's transaction fails on this one.
      store.appendToStream(refused, [newEvent('Tested', { text: 'a\u0000b' })], { expectedVersion: 'no_stream' }),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    expect(ids(await store.readStream(stream))).toEqual([one.id, two.id]);
  });

  it('returns the original result to an append retried in the same group as itself', async () => {
    const [busy, stream] = [streamName(), streamName()];
    const batch = newEvents(2);
    const first = store.appendToStream(busy, [newEvent()], { expectedVersion: 'no_stream' });
    const results = await Promise.allSettled([
      first,
      store.appendToStream(stream, batch, { expectedVersion: 'no_stream' }),
      store.appendToStream(stream, batch, { expectedVersion: 'no_stream' }),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseFulfilledResult<AppendResult>).value).toEqual((results[2] as PromiseFulfilledResult<AppendResult>).value);
    expect(ids(await store.readStream(stream))).toEqual(ids(batch));
  });
});

const WRITERS = 8;
const APPENDS_PER_WRITER = 250;
const STREAMS_PER_WRITER = 5;
/** Every seventh append names a version its stream has already passed. */
const STALE_EVERY = 7;
/** Every fifth append goes to a stream all writers share, with the version last read: real races. */
const SHARED_EVERY = 5;

type WriterLog = {
  appended: string[];
  lost: string[];
  /** Stale appends and the error each got back. */
  stale: { stream: string; error: unknown }[];
  /** Errors on appends that named the right version of the writer's own stream. */
  wronglyFailed: unknown[];
  transactions: bigint[];
};

describe('PostgreSQL event store: group commit under 8 writers with conflicts mixed in', () => {
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

  const write = async (shared: string): Promise<WriterLog> => {
    const log: WriterLog = { appended: [], lost: [], stale: [], wronglyFailed: [], transactions: [] };
    const streams = Array.from({ length: STREAMS_PER_WRITER }, streamName);
    const versions = new Map<string, number>();
    for (let n = 1; n <= APPENDS_PER_WRITER; n += 1) {
      const batch = newEvents(1 + (n % 3), 'Loaded');
      if (n % SHARED_EVERY === 0) {
        const head = (await store.readStream(shared).catch(() => [])).length - 1;
        const expectedVersion: ExpectedVersion = head < 0 ? 'no_stream' : head;
        try {
          log.transactions.push((await store.appendToStream(shared, batch, { expectedVersion })).position.commit);
          log.appended.push(...ids(batch));
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || error.stream !== shared) throw error;
          log.lost.push(...ids(batch));
        }
        continue;
      }
      const stream = streams[n % STREAMS_PER_WRITER]!;
      const current = versions.get(stream);
      if (n % STALE_EVERY === 0 && current !== undefined) {
        const error = await store.appendToStream(stream, batch, { expectedVersion: current - 1 }).then(() => undefined, (e: unknown) => e);
        log.stale.push({ stream, error });
        log.lost.push(...ids(batch));
        continue;
      }
      try {
        const result = await store.appendToStream(stream, batch, { expectedVersion: current ?? 'no_stream' });
        versions.set(stream, result.nextExpectedVersion);
        log.transactions.push(result.position.commit);
        log.appended.push(...ids(batch));
      } catch (error) {
        log.wronglyFailed.push(error);
      }
    }
    return log;
  };

  it('delivers every appended event once and reports every conflict to its own writer only', async () => {
    const shared = streamName();
    const start = (await store.headPosition()) ?? undefined;
    const delivered: RecordedEvent[] = [];
    let checkpoint: Position | undefined = start;
    let redelivered = 0;
    const subscription = store.subscribe({ subscriberId: 'group-load', fromPosition: start }, async (batch) => {
      for (const event of batch) {
        if (checkpoint && comparePositions(event.position, checkpoint) <= 0) redelivered += 1;
        else delivered.push(event);
        checkpoint = event.position;
      }
    });
    const logs = await Promise.all(Array.from({ length: WRITERS }, () => write(shared)));
    const appended = logs.flatMap((log) => log.appended);
    await eventually(() => delivered.length, (n) => n >= appended.length, 30_000);
    await subscription.stop();

    // Conflicts: each stale append, and only those, failed, with an error naming its own stream.
    expect(logs.flatMap((log) => log.wronglyFailed)).toEqual([]);
    const stale = logs.flatMap((log) => log.stale);
    expect(stale.length).toBeGreaterThan(WRITERS * 20);
    for (const { stream, error } of stale) {
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect((error as ConcurrencyError).stream).toBe(stream);
    }
    // The shared stream raced: some writers lost, and its log holds exactly the winners, in order.
    const sharedLog = await store.readStream(shared);
    expect(sharedLog.map((e) => e.streamVersion)).toEqual(sharedLog.map((_, i) => i));

    // Delivery: every appended event exactly once, nothing of a failed append, one order.
    expect(redelivered).toBe(0);
    expect(ids(delivered).sort()).toEqual([...appended].sort());
    const lost = new Set(logs.flatMap((log) => log.lost));
    expect(delivered.filter((event) => lost.has(event.id))).toEqual([]);
    delivered.slice(1).forEach((event, i) => {
      if (comparePositions(delivered[i]!.position, event.position) >= 0) throw new Error(`out of order at ${i + 1}`);
    });
    const byStream = new Map<string, number[]>();
    for (const event of delivered) byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event.streamVersion]);
    for (const versions of byStream.values()) expect(versions).toEqual(versions.map((_, i) => i));
    expect(ids(await readAllOf(store, new Set(byStream.keys()), start, 5_000))).toEqual(ids(delivered));

    // The load did form groups: some transaction carried appends of several writers.
    const writersByTransaction = new Map<bigint, Set<number>>();
    logs.forEach((log, w) => log.transactions.forEach((xid) => writersByTransaction.set(xid, (writersByTransaction.get(xid) ?? new Set()).add(w))));
    const shared_ = [...writersByTransaction.values()].filter((writers) => writers.size > 1).length;
    console.log(
      `group load: ${appended.length} events in ${logs.reduce((n, log) => n + log.transactions.length, 0)} appends, ${writersByTransaction.size} transactions (${shared_} shared by several writers); ${stale.length} stale and ${logs.reduce((n, log) => n + log.lost.length, 0)} lost events`,
    );
    expect(shared_).toBeGreaterThan(0);
  }, 120_000);
});
