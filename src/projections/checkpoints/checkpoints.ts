import type { Knex } from 'knex';
import type { Position } from '../../application/ports/event-store.port.js';

const CHECKPOINTS = 'projection_checkpoints';
/** Runners notify it in their batch transaction, so waiters hear of progress only once it is committed. */
export const PROGRESS_CHANNEL = 'projection_progress';

export type CheckpointStatus = 'building' | 'live' | 'retired';

export type Checkpoint = Readonly<{
  name: string;
  generation: number;
  schemaVersion: number;
  status: CheckpointStatus;
  position: Position | null;
  eventsProcessed: number;
  /** Store time of the last event applied. */
  lastRecordedAt: Date | null;
  updatedAt: Date;
}>;

type Db = Knex | Knex.Transaction;

type Row = {
  name: string;
  generation: number;
  schema_version: number;
  status: CheckpointStatus;
  commit_position: string | null;
  prepare_position: string | null;
  events_processed: string;
  last_recorded_at: Date | null;
  updated_at: Date;
};

const toCheckpoint = (row: Row): Checkpoint => ({
  name: row.name,
  generation: row.generation,
  schemaVersion: row.schema_version,
  status: row.status,
  position:
    row.commit_position === null || row.prepare_position === null
      ? null
      : { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
  eventsProcessed: Number(row.events_processed),
  lastRecordedAt: row.last_recorded_at,
  updatedAt: row.updated_at,
});

/** `lock`: FOR UPDATE, which serialises a projection's batch writers and the rebuild's swap. */
export async function liveCheckpoint(db: Db, name: string, lock = false): Promise<Checkpoint | null> {
  const query = db<Row>(CHECKPOINTS).where({ name, status: 'live' }).first();
  const row = await (lock ? query.forUpdate() : query);
  return row ? toCheckpoint(row) : null;
}

export async function liveCheckpoints(db: Db): Promise<Checkpoint[]> {
  const rows = await db<Row>(CHECKPOINTS).where({ status: 'live' }).orderBy('name');
  return rows.map(toCheckpoint);
}

export async function checkpointsWithStatus(db: Db, name: string, status: CheckpointStatus): Promise<Checkpoint[]> {
  const rows = await db<Row>(CHECKPOINTS).where({ name, status }).orderBy('generation');
  return rows.map(toCheckpoint);
}

export async function nextGeneration(db: Db, name: string): Promise<number> {
  const row = await db(CHECKPOINTS).where({ name }).max<{ max: number | null }>('generation as max').first();
  return (row?.max ?? 0) + 1;
}

export async function insertCheckpoint(
  db: Db,
  checkpoint: Pick<Checkpoint, 'name' | 'generation' | 'schemaVersion' | 'status'>,
): Promise<void> {
  await db(CHECKPOINTS).insert({
    name: checkpoint.name,
    generation: checkpoint.generation,
    schema_version: checkpoint.schemaVersion,
    status: checkpoint.status,
    events_processed: 0,
  });
}

export async function advanceCheckpoint(
  trx: Knex.Transaction,
  name: string,
  generation: number,
  last: Readonly<{ position: Position; recordedAt: Date }>,
  processed: number,
): Promise<void> {
  await trx(CHECKPOINTS)
    .where({ name, generation })
    .update({
      commit_position: last.position.commit.toString(),
      prepare_position: last.position.prepare.toString(),
      events_processed: trx.raw('events_processed + ?', [processed]),
      last_recorded_at: last.recordedAt,
      updated_at: trx.fn.now(),
    });
  await trx.raw('SELECT pg_notify(?, ?)', [PROGRESS_CHANNEL, name]);
}

export async function setStatus(db: Db, name: string, generation: number, status: CheckpointStatus): Promise<void> {
  await db(CHECKPOINTS).where({ name, generation }).update({ status, updated_at: db.fn.now() });
}
