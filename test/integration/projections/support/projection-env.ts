import type { Knex } from 'knex';
import { comparePositions, type EventStore, type Position } from '../../../../src/application/ports/event-store.port.js';
import { createPostgresEventStore } from '../../../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { liveCheckpoint } from '../../../../src/projections/checkpoints/checkpoints.js';
import { applyBatch, ensureLiveGeneration } from '../../../../src/projections/projection-generation.js';
import type { Projection } from '../../../../src/projections/projection.js';
import { ALL_PROJECTIONS } from '../../../../src/projections/projections.js';
import { createTestDatabase, type TestDatabase } from '../../../support/database.js';

export type ProjectionEnv = Readonly<{ db: TestDatabase; knex: Knex; store: EventStore; close(): Promise<void> }>;

/** A fresh migrated database and a PostgreSQL event store on it. */
export async function openProjectionEnv(): Promise<ProjectionEnv> {
  const db = await createTestDatabase();
  const store = createPostgresEventStore({ knex: db.knex, pollIntervalMs: 50 });
  return {
    db,
    knex: db.knex,
    store,
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
}

/** The newest event in the table, whether readers may see it yet or not. */
export async function lastAppended(knex: Knex): Promise<Position | null> {
  const row = await knex('events').select('transaction_id', 'position').orderBy([
    { column: 'transaction_id', order: 'desc' },
    { column: 'position', order: 'desc' },
  ]).first();
  return row ? { commit: BigInt(row.transaction_id), prepare: BigInt(row.position) } : null;
}

/**
 * Readers see an event only once every older transaction in the cluster has ended (the store's rule
 * against skipping), so a test that just appended waits for that before reading the log.
 */
export async function waitVisible({ knex, store }: Pick<ProjectionEnv, 'knex' | 'store'>): Promise<Position | null> {
  const target = await lastAppended(knex);
  for (const deadline = Date.now() + 10_000; target && Date.now() < deadline; ) {
    const head = await store.headPosition();
    if (head && comparePositions(head, target) >= 0) return target;
    await new Promise((r) => setTimeout(r, 10));
  }
  return target;
}

/** Deterministic projecting without a runner: applies everything readable, batch by batch, as the runner does. */
export async function catchUp(
  { knex, store }: Pick<ProjectionEnv, 'knex' | 'store'>,
  projections: readonly Projection[] = ALL_PROJECTIONS,
  batchSize = 100,
): Promise<void> {
  await waitVisible({ knex, store });
  for (const projection of projections) {
    await ensureLiveGeneration(store, knex, projection);
    for (;;) {
      const live = await liveCheckpoint(knex, projection.name);
      const from = live?.position;
      const batch = await store.readAll(from ? { fromPosition: from, limit: batchSize } : { limit: batchSize });
      if (batch.length === 0) break;
      await knex.transaction(async (trx) => {
        const locked = await liveCheckpoint(trx, projection.name, true);
        await applyBatch(trx, projection, locked!, batch);
      });
    }
  }
}

/** Every row of a view (or table), in a total order, for equality checks. */
export const dump = async (knex: Knex, relation: string, orderBy: string[]): Promise<unknown[]> =>
  knex(relation).select('*').orderBy(orderBy.map((column) => ({ column })));

export const dumpReadModels = async (knex: Knex) => ({
  campaigns: await dump(knex, 'campaigns', ['id']),
  calls: await dump(knex, 'calls', ['id']),
  campaign_stats: await dump(knex, 'campaign_stats', ['campaign_id']),
  campaign_stats_calls: await dump(knex, 'campaign_stats_calls', ['call_id']),
});
