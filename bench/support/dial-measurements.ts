import { summarize, type DialLog } from './dial-log.js';
import { histogramQuantiles } from './prom-histogram.js';
import type { Measurement } from './scenario.js';
import type { BenchService } from './service.js';

const REFILL_HISTOGRAM = 'dialstream_dialer_slot_refill_seconds';

/** The dialer's refill histogram is process-wide: scrape before the run and diff after it. */
export const scrapeMetrics = (service: BenchService): Promise<string> => service.expect<string>(200, 'GET', '//metrics');

/** Cap and slot-refill rows shared by the dialer scenarios: from the event log and from the dialer's own histogram. */
export const dialMeasurements = (log: DialLog, cap: number, metricsBefore: string, metricsAfter: string) => {
  const refill = summarize(log.refillMs);
  const retryRefill = summarize(log.retryRefillMs);
  const histogram = histogramQuantiles(metricsBefore, metricsAfter, REFILL_HISTOGRAM, [0.5, 0.99]);
  const fromHistogram = (key: 'p50' | 'p99'): Measurement => {
    const q = histogram.quantiles[key]!;
    const note = q.aboveTopBucket ? `, above the top bucket: > ${q.ms} ms` : '';
    return { name: `slot refill ${key} (dialer histogram${note})`, value: q.ms, unit: 'ms' };
  };
  const measurements: Measurement[] = [
    { name: 'max in flight (from the log)', value: log.maxInFlight, unit: 'calls', baseline: { name: 'cap', value: cap } },
    { name: 'duplicate (call, attempt) dials', value: log.duplicateDials, unit: 'dials' },
    { name: 'slot refill p50 (from the log)', value: refill.p50, unit: 'ms' },
    { name: 'slot refill p99 (from the log)', value: refill.p99, unit: 'ms' },
    { name: `  of which retries (${retryRefill.count}): p50`, value: retryRefill.p50, unit: 'ms' },
    { name: `  of which retries (${retryRefill.count}): p99`, value: retryRefill.p99, unit: 'ms' },
    fromHistogram('p50'),
    fromHistogram('p99'),
  ];
  return { measurements, refill: { all: refill, retries: retryRefill }, histogram };
};
