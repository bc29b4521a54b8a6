import type { Knex } from 'knex';
import { isKnownEventType } from '../application/events/event-schemas.js';
import { comparePositions, type EventStore, type Position, type RecordedEvent } from '../application/ports/event-store.port.js';
import { withBuildLock } from './build-lock.js';
import {
  advanceCheckpoint,
  checkpointsWithStatus,
  insertCheckpoint,
  liveCheckpoint,
  nextGeneration,
  setStatus,
} from './checkpoints/checkpoints.js';
import { physicalTable, type Projection, type TableName } from './projection.js';
import { applyOrQuarantine } from './quarantine/apply-or-quarantine.js';

const BATCH = 2_000;

export type BuildProgress = Readonly<{ events: number; position: Position | null }>;
export type BuildOptions = Readonly<{ onProgress?: (progress: BuildProgress) => void; batchSize?: number }>;
export type BuildResult = Readonly<{ generation: number; events: number }>;

const tablesOf = (generation: number): TableName => (base) => physicalTable(base, generation);

/**
 * Applies the events after `checkpoint.position` and moves the checkpoint, both in `trx`: a batch
 * delivered again, or by a second runner, changes nothing. An event the projection cannot apply is
 * quarantined rather than retried forever (see applyOrQuarantine).
 */
export async function applyBatch(
  trx: Knex.Transaction,
  projection: Projection,
  checkpoint: Readonly<{ generation: number; position: Position | null }>,
  batch: readonly RecordedEvent[],
): Promise<number> {
  const { position, generation } = checkpoint;
  const fresh = position ? batch.filter((e) => comparePositions(e.position, position) > 0) : batch;
  const last = fresh.at(-1);
  if (!last) return 0;
  // A type this code does not know comes from a newer writer: no read model here depends on it.
  const known = fresh.filter((e) => isKnownEventType(e.type));
  await applyOrQuarantine(trx, projection, generation, known, tablesOf(generation));
  await advanceCheckpoint(trx, projection.name, generation, last, fresh.length);
  return fresh.length;
}

/**
 * Builds a new generation from the first event into fresh tables, then swaps the views to it in one
 * transaction that holds the live checkpoint's row lock: the live runner pauses for the swap, and
 * queries see the old tables or the new ones, never a half-built one. Used for rebuilds.
 */
export const buildGeneration = (
  store: EventStore,
  knex: Knex,
  projection: Projection,
  options: BuildOptions = {},
): Promise<BuildResult> => withBuildLock(knex, projection.name, () => build(store, knex, projection, options));

/**
 * Builds only when there is no live generation or it has an older schema; a newer one (written by
 * newer code) is left alone. Returns null when nothing was built.
 */
export const ensureLiveGeneration = (store: EventStore, knex: Knex, projection: Projection): Promise<BuildResult | null> =>
  withBuildLock(knex, projection.name, async () => {
    const live = await liveCheckpoint(knex, projection.name);
    if (live && live.schemaVersion >= projection.version) return null;
    return build(store, knex, projection, {});
  });

async function build(store: EventStore, knex: Knex, projection: Projection, options: BuildOptions): Promise<BuildResult> {
  await dropStaleBuilds(knex, projection);
  const generation = await knex.transaction(async (trx) => {
    const next = await nextGeneration(trx, projection.name);
    await projection.createTables(trx, tablesOf(next));
    await insertCheckpoint(trx, { name: projection.name, generation: next, schemaVersion: projection.version, status: 'building' });
    return next;
  });

  let position: Position | null = null;
  let events = 0;
  const limit = options.batchSize ?? BATCH;
  const catchUp = async (trx: Knex.Transaction | null): Promise<void> => {
    for (;;) {
      const batch = await store.readAll(position ? { fromPosition: position, limit } : { limit });
      if (batch.length === 0) return;
      const apply = (t: Knex.Transaction) => applyBatch(t, projection, { generation, position }, batch);
      events += trx ? await apply(trx) : await knex.transaction(apply);
      position = batch.at(-1)!.position;
      options.onProgress?.({ events, position });
    }
  };

  await catchUp(null);
  await knex.transaction(async (trx) => {
    const live = await liveCheckpoint(trx, projection.name, true);
    // Holding the live row: the runner cannot commit a batch, and what it would have written is caught up here.
    await catchUp(trx);
    for (const base of projection.tables) {
      await trx.raw('DROP VIEW IF EXISTS ??', [base]);
      await trx.raw('CREATE VIEW ?? AS SELECT * FROM ??', [base, physicalTable(base, generation)]);
    }
    if (live) await setStatus(trx, projection.name, live.generation, 'retired');
    await setStatus(trx, projection.name, generation, 'live');
    if (live) await dropTables(trx, projection, live.generation);
  });
  return { generation, events };
}

/** Called under the build lock: any generation still `building` lost its builder. */
async function dropStaleBuilds(knex: Knex, projection: Projection): Promise<void> {
  for (const stale of await checkpointsWithStatus(knex, projection.name, 'building')) {
    await knex.transaction(async (trx) => {
      await dropTables(trx, projection, stale.generation);
      await setStatus(trx, projection.name, stale.generation, 'retired');
    });
  }
}

async function dropTables(trx: Knex.Transaction, projection: Projection, generation: number): Promise<void> {
  for (const base of projection.tables) await trx.raw('DROP TABLE IF EXISTS ??', [physicalTable(base, generation)]);
}
