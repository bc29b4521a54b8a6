import type { Knex } from 'knex';
import { Counter, type Registry } from 'prom-client';
import { CALL_OUTCOMES } from '../../domain/call/call.events.js';
import { CAMPAIGNS } from '../campaigns/campaign-record.js';
import { CALLS } from './call-record.js';

const NAME = 'dialstream_campaign_attempt_outcomes_total';

type OutcomeRow = { campaign: string; outcome: string; n: number };

/**
 * Ended attempts of each running campaign by outcome, counted from the calls read model when scraped:
 * the same number on every instance and after a restart, so `rate()` holds across both. Series only
 * for campaigns in progress (six outcomes each), so the label count stays bounded; never-dialed calls
 * are skipped by the (campaign, status) index.
 */
export function registerOutcomeCounter(registry: Registry, knex: Knex): () => void {
  registry.removeSingleMetric(NAME);
  const counter = new Counter({
    name: NAME,
    help: 'Dial attempts of each running campaign that ended, by outcome',
    labelNames: ['campaign', 'outcome'],
    registers: [registry],
    async collect() {
      const running = await knex(CAMPAIGNS).where({ status: 'in_progress' }).pluck<string[]>('id');
      const counted = running.length === 0 ? [] : await outcomes(knex, running);
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
