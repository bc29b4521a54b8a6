import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { EventStore, NewEvent } from '../../src/application/ports/event-store.port.js';
import { createPostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { createBenchDatabase } from '../support/fresh-database.js';
import { param, type Scenario } from '../support/scenario.js';
import { now, pollUntil, runPool, timed } from '../support/timing.js';

const event = (writer: number, n: number): NewEvent => ({
  id: randomUUID(),
  type: 'BenchEventRecorded',
  data: { writer, n, note: 'a payload about the size of a small domain event' },
  metadata: {
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: 'bench',
    recordedAt: new Date().toISOString(),
    schemaVersion: 1,
  },
});

/** Each writer appends its own stream in batches, naming the expected version every time. */
const storeWriters = async (store: EventStore, writers: number, batches: readonly (readonly NewEvent[])[][]): Promise<void> => {
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const stream = `bench-${randomUUID()}`;
      let version: number | 'no_stream' = 'no_stream';
      for (const batch of batches[w]!) version = (await store.appendToStream(stream, batch, { expectedVersion: version })).nextExpectedVersion;
    }),
  );
};

/** The same rows, the same writers and batches, as plain INSERTs into a table shaped like `events`. */
const plainWriters = async (knex: Knex, writers: number, batches: readonly (readonly NewEvent[])[][]): Promise<void> => {
  await knex.raw(`CREATE TABLE bench_plain_events (
    position bigserial PRIMARY KEY, stream text NOT NULL, stream_version integer NOT NULL, event_id uuid NOT NULL UNIQUE,
    type text NOT NULL, schema_version integer NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream, stream_version))`);
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const stream = `plain-${randomUUID()}`;
      let version = 0;
      for (const batch of batches[w]!) {
        const rows = batch.map((e) => ({
          stream,
          stream_version: version++,
          event_id: e.id,
          type: e.type,
          schema_version: 1,
          data: JSON.stringify(e.data),
          metadata: JSON.stringify(e.metadata),
        }));
        await knex('bench_plain_events').insert(rows);
      }
    }),
  );
};

/** One-event appends to fresh streams, `concurrency` at once, as the dialer writes them. */
const singleAppends = async (store: EventStore, appends: number, concurrency: number): Promise<number> => {
  const { ms } = await timed(() =>
    runPool(appends, concurrency, async (n) => {
      await store.appendToStream(`single-${randomUUID()}`, [event(0, n)], { expectedVersion: 'no_stream' });
    }),
  );
  return (appends / ms) * 1000;
};

/** The same appends through a store with group commit and through one that gives each append its own transaction. */
const groupedVersusAlone = async (url: string, appends: number, concurrencies: readonly number[]) => {
  const grouped = createPostgresEventStore({ databaseUrl: url });
  const alone = createPostgresEventStore({ databaseUrl: url, groupCommit: false });
  try {
    const rows = [];
    for (const concurrency of concurrencies) {
      const count = concurrency === 1 ? Math.ceil(appends / 4) : appends;
      const perAppend = await singleAppends(alone, count, concurrency);
      const groupedRate = await singleAppends(grouped, count, concurrency);
      rows.push({ concurrency, count, grouped: groupedRate, perAppend });
    }
    return rows;
  } finally {
    await grouped.close();
    await alone.close();
  }
};

const makeBatches = (writers: number, perWriter: number, batchSize: number) =>
  Array.from({ length: writers }, (_, w) =>
    Array.from({ length: Math.ceil(perWriter / batchSize) }, (_, b) =>
      Array.from({ length: Math.min(batchSize, perWriter - b * batchSize) }, (_, i) => event(w, b * batchSize + i)),
    ),
  );

export const storeScenario: Scenario = {
  name: 'store',
  summary: 'issue 2: PostgreSQL event store, concurrent writers appending in batches, and subscriber delivery',
  params: { writers: 8, eventsPerWriter: 5_000, batchSize: 50, singleAppends: 8_000 },
  run: async (params) => {
    const writers = param(params, 'writers');
    const perWriter = param(params, 'eventsPerWriter');
    const batchSize = param(params, 'batchSize');
    const total = writers * perWriter;
    const db = await createBenchDatabase();
    const store = createPostgresEventStore({ databaseUrl: db.url });
    try {
      const single = await groupedVersusAlone(db.url, param(params, 'singleAppends'), [1, 8, 64]);
      const alone = createPostgresEventStore({ databaseUrl: db.url, groupCommit: false });
      const aloneBatches = await timed(() => storeWriters(alone, writers, makeBatches(writers, perWriter, batchSize))).finally(() => alone.close());
      const plain = await timed(() => plainWriters(db.knex, writers, makeBatches(writers, perWriter, batchSize)));

      // At-least-once delivery: count each position once.
      const seen = new Set<bigint>();
      let liveDoneAt = 0;
      const head = (await store.headPosition()) ?? undefined;
      const subscription = store.subscribe({ subscriberId: 'bench-live', fromPosition: head }, async (batch) => {
        for (const e of batch) seen.add(e.position.prepare);
        if (seen.size >= total && liveDoneAt === 0) liveDoneAt = now();
      });
      const batches = makeBatches(writers, perWriter, batchSize);
      const start = now();
      await storeWriters(store, writers, batches);
      const appendMs = now() - start;
      await pollUntil('the live subscriber to receive every event', async () => (seen.size >= total ? true : undefined), { timeoutMs: 120_000, everyMs: 5 });
      const liveMs = liveDoneAt - start;
      await subscription.stop();

      // The whole log, the group-commit comparison's appends included.
      const inLog = Number((await db.knex('events').count<{ count: string }[]>('* as count'))[0]!.count);
      let caught = 0;
      const catchUpStart = now();
      let catchUpDoneAt = 0;
      const catchUp = store.subscribe({ subscriberId: 'bench-catch-up' }, async (batch) => {
        caught += batch.length;
        if (caught >= inLog && catchUpDoneAt === 0) catchUpDoneAt = now();
      });
      await pollUntil('the catch-up subscriber to read every event', async () => (caught >= inLog ? true : undefined), { timeoutMs: 120_000, everyMs: 5 });
      await catchUp.stop();
      const catchUpMs = catchUpDoneAt - catchUpStart;

      const perSecond = (ms: number, events = total) => (events / ms) * 1000;
      const plainBaseline = { name: 'plain knex INSERTs, same rows/writers/batches', value: perSecond(plain.ms) };
      return {
        measurements: [
          ...single.map((row) => ({
            name: `1-event appends, ${row.concurrency} at once: group commit`,
            value: row.grouped,
            unit: 'appends/s',
            baseline: { name: 'one transaction per append', value: row.perAppend },
          })),
          {
            name: `append: ${writers} writers × ${perWriter} (batches of ${batchSize}), group commit`,
            value: perSecond(appendMs),
            unit: 'events/s',
            baseline: { name: 'one transaction per append', value: perSecond(aloneBatches.ms) },
          },
          { name: `append: ${writers} writers × ${perWriter} (batches of ${batchSize})`, value: perSecond(appendMs), unit: 'events/s', baseline: plainBaseline },
          { name: 'live subscriber: first append → all delivered', value: perSecond(liveMs), unit: 'events/s', baseline: plainBaseline },
          { name: 'live subscriber lag after the last append', value: liveMs - appendMs, unit: 'ms' },
          { name: 'catch-up subscriber from the first event', value: perSecond(catchUpMs, inLog), unit: 'events/s' },
          { name: 'baseline: plain knex INSERTs', value: perSecond(plain.ms), unit: 'events/s' },
        ],
        details: { single, aloneBatchesMs: aloneBatches.ms, total, writers, perWriter, batchSize, appendMs, liveMs, catchUpMs, plainMs: plain.ms, delivered: { live: seen.size, caught } },
      };
    } finally {
      await store.close();
      await db.drop();
    }
  },
};
