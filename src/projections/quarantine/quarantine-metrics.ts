import type { Knex } from 'knex';
import { Gauge, type Registry } from 'prom-client';
import { quarantineCounts } from './quarantine.js';

const NAME = 'dialstream_projection_quarantined_events';

/**
 * Events each live projection set aside, counted when scraped: alert on anything above 0. Registered
 * per application like the lag gauges; returns the unregistration.
 */
export function registerQuarantineGauge(registry: Registry, knex: Knex, projections: readonly string[] = []): () => void {
  registry.removeSingleMetric(NAME);
  const gauge = new Gauge({
    name: NAME,
    help: 'Events a projection could not apply and quarantined (see `dialstream projections status`)',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      const counts = await quarantineCounts(knex);
      for (const name of new Set([...projections, ...counts.keys()])) this.set({ projection: name }, counts.get(name) ?? 0);
    },
  });
  return () => {
    if (registry.getSingleMetric(NAME) === gauge) registry.removeSingleMetric(NAME);
  };
}
