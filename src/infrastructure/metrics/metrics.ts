import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per process; modules register their own gauges and counters on it. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'dialstream_' });
