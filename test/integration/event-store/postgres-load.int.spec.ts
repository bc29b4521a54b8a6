import { performance } from 'node:perf_hooks';
import { comparePositions, type Position, type RecordedEvent } from '../../../src/application/ports/event-store.port.js';
import { PostgresEventStore } from '../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { eventually, ids, newEvents, readAllOf, streamName } from './event-store.fixtures.js';

const WRITERS = 8;
const EVENTS_PER_WRITER = 5_000;
const BATCH = 50;
const STREAMS_PER_WRITER = 10;
const TOTAL = WRITERS * EVENTS_PER_WRITER;

describe('PostgreSQL event store under concurrent writers', () => {
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

  /** One writer: its own streams, appended to in turn with the expected version it last saw. */
  const write = async (): Promise<string[]> => {
    const streams = Array.from({ length: STREAMS_PER_WRITER }, streamName);
    const versions = new Map<string, number>();
    const appended: string[] = [];
    for (let n = 0; n < EVENTS_PER_WRITER / BATCH; n += 1) {
      const stream = streams[n % STREAMS_PER_WRITER]!;
      const batch = newEvents(BATCH, 'Loaded');
      const current = versions.get(stream);
      const result = await store.appendToStream(stream, batch, { expectedVersion: current ?? 'no_stream' });
      versions.set(stream, result.nextExpectedVersion);
      appended.push(...ids(batch));
    }
    return appended;
  };

  it(`delivers every one of ${TOTAL} concurrently appended events exactly once, in one order`, async () => {
    const delivered: RecordedEvent[] = [];
    let checkpoint: Position | undefined;
    let redelivered = 0;
    let lastDeliveryAt = 0;
    const subscription = store.subscribe({ subscriberId: 'load' }, async (batch) => {
      for (const event of batch) {
        // At-least-once delivery: a subscriber dedupes by its checkpoint, so count what that would drop.
        if (checkpoint && comparePositions(event.position, checkpoint) <= 0) redelivered += 1;
        else delivered.push(event);
        checkpoint = event.position;
      }
      lastDeliveryAt = performance.now();
    });

    const startedAt = performance.now();
    const appended = (await Promise.all(Array.from({ length: WRITERS }, () => write()))).flat();
    const appendSeconds = (performance.now() - startedAt) / 1_000;
    await eventually(() => delivered.length, (n) => n >= TOTAL, 30_000);
    const deliverySeconds = (lastDeliveryAt - startedAt) / 1_000;
    await subscription.stop();

    console.log(
      `load: ${TOTAL} events from ${WRITERS} writers in batches of ${BATCH}: append ${(TOTAL / appendSeconds).toFixed(0)} events/s (${appendSeconds.toFixed(2)} s), delivery ${(TOTAL / deliverySeconds).toFixed(0)} events/s (${deliverySeconds.toFixed(2)} s)`,
    );
    expect(redelivered).toBe(0);
    expect(delivered).toHaveLength(TOTAL);
    expect(new Set(ids(delivered))).toEqual(new Set(appended));
    delivered.slice(1).forEach((event, i) => {
      if (comparePositions(delivered[i]!.position, event.position) >= 0) throw new Error(`out of order at ${i + 1}`);
    });
    const versionsByStream = new Map<string, number[]>();
    for (const event of delivered) {
      versionsByStream.set(event.stream, versionsByStream.get(event.stream) ?? []);
      versionsByStream.get(event.stream)!.push(event.streamVersion);
    }
    for (const versions of versionsByStream.values()) expect(versions).toEqual(versions.map((_, i) => i));
    const log = await readAllOf(store, new Set(versionsByStream.keys()), null, 5_000);
    expect(ids(log)).toEqual(ids(delivered));
  }, 60_000);
});
