import type { Knex } from 'knex';
import type { RecordedEvent } from '../../application/ports/event-store.port.js';

const QUARANTINE = 'projection_quarantine';
const CHECKPOINTS = 'projection_checkpoints';

type Db = Knex | Knex.Transaction;

export type QuarantinedEvent = Readonly<{
  stream: string;
  streamVersion: number;
  type: string;
  eventId: string;
  error: string;
  quarantinedAt: string;
}>;

type Row = { stream: string; stream_version: number; event_type: string; event_id: string; error: string; quarantined_at: Date };

export async function quarantineEvent(trx: Knex.Transaction, projection: string, generation: number, event: RecordedEvent, error: unknown): Promise<void> {
  await trx(QUARANTINE)
    .insert({
      projection,
      generation,
      commit_position: String(event.position.commit),
      prepare_position: String(event.position.prepare),
      stream: event.stream,
      stream_version: event.streamVersion,
      event_type: event.type,
      event_id: event.id,
      error: (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2_000),
    })
    .onConflict(['projection', 'generation', 'commit_position', 'prepare_position'])
    .ignore();
}

const ofLiveGenerations = (db: Db) =>
  db({ q: QUARANTINE }).join({ c: CHECKPOINTS }, (on) => on.on('c.name', 'q.projection').andOn('c.generation', 'q.generation')).where('c.status', 'live');

/** What the live generation of `projection` set aside, oldest first. */
export async function quarantinedEvents(db: Db, projection: string, limit = 100): Promise<QuarantinedEvent[]> {
  const rows: Row[] = await ofLiveGenerations(db)
    .where('q.projection', projection)
    .orderBy('q.quarantined_at')
    .limit(limit)
    .select('q.stream', 'q.stream_version', 'q.event_type', 'q.event_id', 'q.error', 'q.quarantined_at');
  return rows.map((r) => ({
    stream: r.stream,
    streamVersion: r.stream_version,
    type: r.event_type,
    eventId: r.event_id,
    error: r.error,
    quarantinedAt: r.quarantined_at.toISOString(),
  }));
}

/** Per projection, the events its live generation set aside. */
export async function quarantineCounts(db: Db): Promise<Map<string, number>> {
  const rows: Array<{ projection: string; n: string }> = await ofLiveGenerations(db).groupBy('q.projection').select('q.projection', db.raw('count(*) AS n'));
  return new Map(rows.map((r) => [r.projection, Number(r.n)]));
}
