import type { Knex } from 'knex';
import { Gauge, type Registry } from 'prom-client';
import { CAMPAIGNS } from '../campaigns/campaign-record.js';
import { CAMPAIGN_STATS } from './campaign-stats.projection.js';
import type { Counters } from './stats-counters.js';

const STATUSES = ['pending', 'retry_scheduled', 'in_progress', 'completed', 'failed', 'cancelled', 'skipped'] as const satisfies readonly (keyof Counters)[];
const NAMES = { numbers: 'dialstream_campaign_numbers', attempts: 'dialstream_campaign_attempts', cap: 'dialstream_campaign_max_concurrent_calls' } as const;

type Row = Counters & { id: string; max_concurrent_calls: number };

/**
 * Progress of running campaigns, read from the read models when scraped. Only campaigns in progress
 * get series, and every scrape starts from empty, so a campaign that ends leaves the output and the
 * label count stays bounded by what runs at once. In flight: `dialstream_dialer_in_flight` (the worker's view).
 * Registered per application like the lag gauges; returns the unregistration.
 */
export function registerCampaignGauges(registry: Registry, knex: Knex): () => void {
  let scrape: Promise<Row[]> | null = null;
  // The three gauges collect one after another in a scrape: one query serves them all.
  const running = () => {
    scrape ??= knex<Row>({ c: CAMPAIGNS })
      .join({ s: CAMPAIGN_STATS }, 's.campaign_id', 'c.id')
      .where('c.status', 'in_progress')
      .select('c.id', 'c.max_concurrent_calls', ...STATUSES.map((s) => `s.${s}`), 's.attempts')
      .finally(() => setImmediate(() => (scrape = null)));
    return scrape;
  };
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, rows: Row[]) => void) => {
    registry.removeSingleMetric(name);
    return [name, new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const rows = await running();
        this.reset();
        fill(this, rows);
      },
    })] as const;
  };
  const gauges = [
    gauge(NAMES.numbers, 'Numbers of each running campaign by status', ['campaign', 'status'], (g, rows) => {
      for (const row of rows) for (const status of STATUSES) g.set({ campaign: row.id, status }, row[status]);
    }),
    gauge(NAMES.attempts, 'Dial attempts made by each running campaign', ['campaign'], (g, rows) => {
      for (const row of rows) g.set({ campaign: row.id }, row.attempts);
    }),
    gauge(NAMES.cap, 'The concurrency cap of each running campaign', ['campaign'], (g, rows) => {
      for (const row of rows) g.set({ campaign: row.id }, row.max_concurrent_calls);
    }),
  ];
  return () => {
    for (const [name, g] of gauges) if (registry.getSingleMetric(name) === g) registry.removeSingleMetric(name);
  };
}
