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

/** Events per page a build reads and applies: fewer, larger transactions; a page of 5,000 events is a few MB. */
const BATCH = 5_000;

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
export const buildGeneration = async (
  store: EventStore,
  knex: Knex,
  projection: Projection,
  options: BuildOptions = {},
): Promise<BuildResult> => (await buildGenerations(store, knex, [projection], options))[0]!;

/**
 * Builds several projections from one read of the log: each page is read once, while the previous
 * one is applied, and applied to every projection at once, each in a transaction of its own that
 * also moves its checkpoint. Then each swaps in as `buildGeneration` does. Results in input order.
 */
export const buildGenerations = (
  store: EventStore,
  knex: Knex,
  projections: readonly Projection[],
  options: BuildOptions = {},
): Promise<BuildResult[]> =>
  withBuildLock(
    knex,
    projections.map((p) => p.name),
    () => build(store, knex, projections, options),
  );

/**
 * Builds only when there is no live generation or it has an older schema; a newer one (written by
 * newer code) is left alone. Returns null when nothing was built.
 */
export const ensureLiveGeneration = (store: EventStore, knex: Knex, projection: Projection): Promise<BuildResult | null> =>
  withBuildLock(knex, projection.name, async () => {
    const live = await liveCheckpoint(knex, projection.name);
    if (live && live.schemaVersion >= projection.version) return null;
    return (await build(store, knex, [projection], {}))[0]!;
  });

/**
 * `ensureLiveGeneration` for several projections at once: those without a live generation, or with
 * an older schema, are built together from one read of the log (a first start over a long log).
 * Results in input order, null where nothing was built.
 */
export const ensureLiveGenerations = (store: EventStore, knex: Knex, projections: readonly Projection[]): Promise<(BuildResult | null)[]> =>
  withBuildLock(
    knex,
    projections.map((p) => p.name),
    async () => {
      const stale: Projection[] = [];
      for (const projection of projections) {
        const live = await liveCheckpoint(knex, projection.name);
        if (!live || live.schemaVersion < projection.version) stale.push(projection);
      }
      const built = stale.length === 0 ? [] : await build(store, knex, stale, {});
      return projections.map((p) => built[stale.indexOf(p)] ?? null);
    },
  );

type Target = Readonly<{ projection: Projection; generation: number }>;

async function build(store: EventStore, knex: Knex, projections: readonly Projection[], options: BuildOptions): Promise<BuildResult[]> {
  const targets: Target[] = [];
  for (const projection of projections) {
    await dropStaleBuilds(knex, projection);
    const generation = await knex.transaction(async (trx) => {
      const next = await nextGeneration(trx, projection.name);
      await projection.createTables(trx, tablesOf(next));
      await insertCheckpoint(trx, { name: projection.name, generation: next, schemaVersion: projection.version, status: 'building' });
      return next;
    });
    targets.push({ projection, generation });
  }
  const limit = options.batchSize ?? BATCH;
  const { position, events } = await sharedCatchUp(store, knex, targets, limit, options.onProgress);
  const results: BuildResult[] = [];
  for (const target of targets) results.push({ generation: target.generation, events: events + (await swapIn(store, knex, target, position, limit)) });
  return results;
}

const readPage = (store: EventStore, from: Position | null, limit: number): Promise<RecordedEvent[]> =>
  store.readAll(from ? { fromPosition: from, limit } : { limit });

/** Every page transaction settled before a failure is thrown: none may outlive the build's lock and pool. */
async function allApplied(pages: ReadonlyArray<Promise<number>>): Promise<number[]> {
  const results = await Promise.allSettled(pages);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<number>).value);
}

/** Reads the log once up to its head, the next page in flight while this one is applied to every target. */
async function sharedCatchUp(
  store: EventStore,
  knex: Knex,
  targets: readonly Target[],
  limit: number,
  onProgress: BuildOptions['onProgress'],
): Promise<{ position: Position | null; events: number }> {
  let position: Position | null = null;
  let events = 0;
  let next = readPage(store, null, limit);
  for (;;) {
    const batch = await next;
    if (batch.length === 0) return { position, events };
    next = readPage(store, batch.at(-1)!.position, limit);
    // Awaited on the next turn; until then a failed read must not count as unhandled.
    next.catch(() => undefined);
    const from = position;
    const applied = await allApplied(
      targets.map(({ projection, generation }) =>
        knex.transaction(async (trx) => {
          // A generation still building is dropped when its builder dies, so its last commits may be
          // lost in a crash at no cost: no flush to wait for per page. The swap commits durably, and
          // with it everything written before.
          await trx.raw('SET LOCAL synchronous_commit = off');
          return applyBatch(trx, projection, { generation, position: from }, batch);
        }),
      ),
    );
    events += applied[0]!;
    position = batch.at(-1)!.position;
    onProgress?.({ events, position });
  }
}

/** Catches up what was appended since `from` and swaps the views, holding the live row: the runner cannot commit meanwhile. */
async function swapIn(store: EventStore, knex: Knex, { projection, generation }: Target, from: Position | null, limit: number): Promise<number> {
  return knex.transaction(async (trx) => {
    const live = await liveCheckpoint(trx, projection.name, true);
    let position = from;
    let events = 0;
    for (;;) {
      const batch = await readPage(store, position, limit);
      if (batch.length === 0) break;
      events += await applyBatch(trx, projection, { generation, position }, batch);
      position = batch.at(-1)!.position;
    }
    for (const base of projection.tables) {
      await trx.raw('DROP VIEW IF EXISTS ??', [base]);
      await trx.raw('CREATE VIEW ?? AS SELECT * FROM ??', [base, physicalTable(base, generation)]);
    }
    if (live) await setStatus(trx, projection.name, live.generation, 'retired');
    await setStatus(trx, projection.name, generation, 'live');
    if (live) await dropTables(trx, projection, live.generation);
    return events;
  });
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
