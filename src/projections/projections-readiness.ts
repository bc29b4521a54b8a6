import type { Knex } from 'knex';
import { formatEventsBehind, type ProjectionLag } from './projection-lag.js';
import { quarantineCounts } from './quarantine/quarantine.js';

/** Same shape as the HTTP layer's ReadinessCheck (kept structural: projections do not import the HTTP layer). */
export type ProjectionsReadinessCheck = { name: string; run(): Promise<Record<string, unknown> | void> };

export const PROJECTIONS_READINESS_CHECK = Symbol('ProjectionsReadinessCheck');

/**
 * Not ready while a projection has no live generation (its queries would fail); lag and quarantined
 * events are reported, not fatal: the read models still answer, and the metrics alert on them.
 */
export const projectionsReadinessCheck = (lag: ProjectionLag, knex: Knex): ProjectionsReadinessCheck => ({
  name: 'projections',
  run: async () => {
    const reports = await lag.measure();
    const quarantined = await quarantineCounts(knex);
    const missing = reports.filter((r) => !r.live).map((r) => r.name);
    if (missing.length > 0) throw new Error(`no live generation: ${missing.join(', ')}`);
    return {
      projections: reports.map((r) => ({
        name: r.name,
        generation: r.generation,
        checkpoint: r.checkpoint,
        eventsBehind: formatEventsBehind(r),
        secondsBehind: r.secondsBehind,
        quarantined: quarantined.get(r.name) ?? 0,
      })),
    };
  },
});
