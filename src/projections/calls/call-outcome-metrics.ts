import type { Knex } from 'knex';
import { Counter, type Registry } from 'prom-client';
import { CALL_OUTCOMES } from '../../domain/call/call.events.js';
import { CAMPAIGNS } from '../campaigns/campaign-record.js';
import { CALLS } from './call-record.js';

const NAME = 'dialstream_campaign_attempt_outcomes_total';
/**
 * The count reads every dialed call of the running campaigns (about 0.6 s for 100,000 on a shared
 * machine), so one result serves the scrapes of this long; a Prometheus interval is 15 s or more.
 */
const REUSE_MS = 10_000;

type OutcomeRow = { campaign: string; outcome: string; n: number };

/**
 * Ended attempts of each running campaign by outcome, counted from the calls read model when scraped:
 * the same number on every instance and after a restart, so `rate()` holds across both. Series only
 * for campaigns in progress (six outcomes each), so the label count stays bounded; never-dialed calls
 * are skipped by the (campaign, status) index.
 */
export function registerOutcomeCounter(registry: Registry, knex: Knex, reuseMs = REUSE_MS): () => void {
  registry.removeSingleMetric(NAME);
  // The running set is read every time (cheap), so a campaign that stops leaves at once; the counts are reused.
  let last: { atMs: number; key: string; counted: Promise<OutcomeRow[]> } | null = null;
  const countsFor = (running: string[]): Promise<OutcomeRow[]> => {
    const key = [...running].sort().join(',');
    if (last && last.key === key && Date.now() - last.atMs < reuseMs) return last.counted;
    const current = { atMs: Date.now(), key, counted: running.length === 0 ? Promise.resolve([]) : outcomes(knex, running) };
    current.counted.catch(() => {
      if (last === current) last = null;
    });
    last = current;
    return current.counted;
  };
  const counter = new Counter({
    name: NAME,
    help: 'Dial attempts of each running campaign that ended, by outcome',
    labelNames: ['campaign', 'outcome'],
    registers: [registry],
    async collect() {
      const running = await knex(CAMPAIGNS).where({ status: 'in_progress' }).pluck<string[]>('id');
      const counted = await countsFor(running);
      this.reset();
      for (const campaign of running) for (const outcome of CALL_OUTCOMES) this.inc({ campaign, outcome }, 0);
      for (const row of counted) this.inc({ campaign: row.campaign, outcome: row.outcome }, row.n);
    },
  });
  return () => {
    if (registry.getSingleMetric(NAME) === counter) registry.removeSingleMetric(NAME);
  };
}

const outcomes = async (knex: Knex, campaigns: string[]): Promise<OutcomeRow[]> => {
  const result = await knex.raw<{ rows: OutcomeRow[] }>(
    `SELECT c.campaign_id AS campaign, a->>'outcome' AS outcome, count(*)::int AS n
     FROM ?? c, jsonb_array_elements(c.attempts) a
     WHERE c.campaign_id = any(?) AND c.status <> 'pending' AND a->>'outcome' IS NOT NULL
     GROUP BY 1, 2`,
    [CALLS, campaigns],
  );
  return result.rows;
};
