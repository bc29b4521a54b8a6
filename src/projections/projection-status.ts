import type { Knex } from 'knex';
import type { EventStore } from '../application/ports/event-store.port.js';
import { checkpointsWithStatus, liveCheckpoint } from './checkpoints/checkpoints.js';
import { ProjectionLag, type ProjectionLagReport } from './projection-lag.js';
import type { Projection } from './projection.js';
import { type QuarantinedEvent, quarantinedEvents } from './quarantine/quarantine.js';

export type ProjectionStatus = Readonly<{
  name: string;
  /** The schema version this code writes; a live generation with an older one is rebuilt on start. */
  codeVersion: number;
  live: { generation: number; schemaVersion: number; eventsProcessed: number; updatedAt: string } | null;
  lag: ProjectionLagReport;
  /** Generations being built now (or left by a builder that died; the next build drops them). */
  building: number[];
  /** Events the live generation could not apply and set aside (the first 100). */
  quarantined: QuarantinedEvent[];
}>;

/** For `dialstream projections status`. */
export async function projectionStatus(store: EventStore, knex: Knex, projections: readonly Projection[]): Promise<ProjectionStatus[]> {
  const lag = await new ProjectionLag(store, knex, projections.map((p) => p.name), { cacheMs: 0 }).measure();
  return Promise.all(
    projections.map(async (projection, i) => {
      const live = await liveCheckpoint(knex, projection.name);
      const building = await checkpointsWithStatus(knex, projection.name, 'building');
      return {
        name: projection.name,
        codeVersion: projection.version,
        live: live && {
          generation: live.generation,
          schemaVersion: live.schemaVersion,
          eventsProcessed: live.eventsProcessed,
          updatedAt: live.updatedAt.toISOString(),
        },
        lag: lag[i]!,
        building: building.map((b) => b.generation),
        quarantined: await quarantinedEvents(knex, projection.name),
      };
    }),
  );
}
