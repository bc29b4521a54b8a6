import { Gauge, type Registry } from 'prom-client';
import type { ProjectionLag } from './projection-lag.js';

const NAMES = {
  events: 'dialstream_projection_events_behind',
  seconds: 'dialstream_projection_seconds_behind',
  live: 'dialstream_projection_live',
} as const;

/**
 * Lag gauges, measured when scraped. Registered per application: a second app in the same process
 * (tests) replaces the first one's gauges. Returns the unregistration.
 */
export function registerLagGauges(registry: Registry, lag: ProjectionLag): () => void {
  const gauge = (name: string, help: string, value: (r: Awaited<ReturnType<ProjectionLag['measure']>>[number]) => number) => {
    registry.removeSingleMetric(name);
    return new Gauge({
      name,
      help,
      labelNames: ['projection'],
      registers: [registry],
      async collect() {
        for (const report of await lag.measure()) this.set({ projection: report.name }, value(report));
      },
    });
  };
  const gauges: [string, Gauge][] = [
    [NAMES.events, gauge(NAMES.events, `Events in the log not yet applied (capped at ${lag.cap})`, (r) => r.eventsBehind)],
    [NAMES.seconds, gauge(NAMES.seconds, 'Store time between the newest event and the last one applied', (r) => r.secondsBehind)],
    [NAMES.live, gauge(NAMES.live, '1 when the projection has a live generation', (r) => (r.live ? 1 : 0))],
  ];
  return () => {
    for (const [name, g] of gauges) if (registry.getSingleMetric(name) === g) registry.removeSingleMetric(name);
  };
}
