import { performance } from 'node:perf_hooks';
import { comparePositions } from '../../../src/application/ports/event-store.port.js';
import { appendInTransaction } from '../../../src/infrastructure/event-store/postgres/events.writer.js';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { collect, eventually, ids, newEvent, readAllOf, sleep, streamName } from './event-store.fixtures.js';

const POLL_MS = 500;

/**
 * Invariant 6: a subscriber never skips an event, whatever order concurrent transactions commit
 * in. T1 is held open around the adapter's real append SQL while T2 commits.
 */
describe('PostgreSQL event store: transactions that commit out of order', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ knex: database.knex, pollIntervalMs: POLL_MS });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('holds back a later transaction until an older one commits, then delivers both in transaction order', async () => {
    const [a1, b, a2] = [streamName(), streamName(), streamName()];
    const streams = new Set([a1, b, a2]);
    const start = (await store.headPosition()) ?? undefined;
    const subscriber = collect(store, { fromPosition: start }, streams);
    const [e1, e2, e3] = [newEvent('T1First'), newEvent('T2'), newEvent('T1Second')];

    const t1 = await database.knex.transaction();
    await appendInTransaction(t1, a1, [e1], 'no_stream'); // T1 takes the lower xid and sequence
    await store.appendToStream(b, [e2], { expectedVersion: 'no_stream' }); // T2 commits
    await appendInTransaction(t1, a2, [e3], 'no_stream'); // T1's next event: lower xid, higher sequence

    await sleep(POLL_MS + 300);
    expect(subscriber.events).toEqual([]);
    expect(await readAllOf(store, streams, start)).toEqual([]);

    await t1.commit();
    await eventually(() => subscriber.events.length, (n) => n >= 3);
    await subscriber.subscription.stop();

    expect(ids(subscriber.events)).toEqual([e1.id, e3.id, e2.id]);
    const [p1, p3, p2] = subscriber.events.map((event) => event.position);
    // A checkpoint by sequence alone would have passed e1 (lower sequence than e2) while it was invisible.
    expect(p3!.prepare > p2!.prepare && p1!.prepare < p2!.prepare).toBe(true);
    expect(comparePositions(p1!, p3!)).toBeLessThan(0);
    expect(comparePositions(p3!, p2!)).toBeLessThan(0);
    expect(ids(await readAllOf(store, streams, start))).toEqual(ids(subscriber.events));
  });

  it('does not stall when the older transaction rolls back: the later event arrives alone', async () => {
    const [a, b] = [streamName(), streamName()];
    const start = (await store.headPosition()) ?? undefined;
    const subscriber = collect(store, { fromPosition: start }, new Set([a, b]));
    const [rolledBack, committed] = [newEvent('RolledBack'), newEvent('Committed')];

    const t1 = await database.knex.transaction();
    await appendInTransaction(t1, a, [rolledBack], 'no_stream');
    await store.appendToStream(b, [committed], { expectedVersion: 'no_stream' });
    await sleep(300);
    expect(subscriber.events).toEqual([]);

    const rolledBackAt = performance.now();
    await t1.rollback();
    await eventually(() => subscriber.events.length, (n) => n >= 1, 2_000);
    const delay = performance.now() - rolledBackAt;
    await sleep(200);
    await subscriber.subscription.stop();

    console.log(`gap: event behind a rolled-back transaction delivered ${delay.toFixed(0)} ms after the rollback`);
    expect(ids(subscriber.events)).toEqual([committed.id]);
    expect(delay).toBeLessThan(POLL_MS * 3);
    await expect(store.readStream(a)).rejects.toThrow();
  });
});

describe('PostgreSQL event store: live delivery through LISTEN/NOTIFY', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  // So slow that only a notification can explain a fast delivery.
  const pollIntervalMs = 10_000;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ knex: database.knex, pollIntervalMs });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('delivers a committed event within milliseconds, far below the polling interval', async () => {
    const stream = streamName();
    const deliveredAt: number[] = [];
    const subscription = store.subscribe({ subscriberId: `latency-${stream}` }, async (batch) => {
      for (const event of batch) if (event.stream === stream) deliveredAt.push(performance.now());
    });
    await sleep(200); // caught up and idle, waiting on the listener
    const latencies: number[] = [];
    for (let version = 0; version < 5; version += 1) {
      const appendedAt = performance.now();
      await store.appendToStream(stream, [newEvent()], { expectedVersion: version === 0 ? 'no_stream' : version - 1 });
      await eventually(() => deliveredAt.length, (n) => n > version, 2_000);
      expect(deliveredAt.length).toBeGreaterThan(version);
      latencies.push(deliveredAt[version]! - appendedAt);
      await sleep(50);
    }
    await subscription.stop();

    const sorted = [...latencies].sort((x, y) => x - y);
    const median = sorted[2]!;
    console.log(`notify: append-to-delivery latency ms ${latencies.map((l) => l.toFixed(1)).join(', ')} (median ${median.toFixed(1)})`);
    expect(median).toBeLessThan(100);
    expect(sorted[4]!).toBeLessThan(1_000);
  }, 20_000);
});
