import { simulateCampaignFromLog } from '../../src/application/audit/simulate-campaign.js';
import { createPostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { writeAuditLog } from '../support/audit-log.js';
import { createBenchDatabase } from '../support/fresh-database.js';
import { param, type Scenario } from '../support/scenario.js';
import { timed } from '../support/timing.js';

/**
 * `dialstream simulate` end to end on PostgreSQL: the campaign read from the log (its stream, one
 * stream per call, its dialer stream), then simulated. The log is the verify bench's clean log
 * (one call in ten busy, then answered on its retry), its first campaign simulated. Its timing is
 * synthetic (waves a second apart that no recorded latency explains), so only the attempt count is
 * checked here; the duration is checked against a real dialer run in the integration test.
 */
export const simulateLogScenario: Scenario = {
  name: 'simulate-log',
  summary: 'dialstream simulate from the PostgreSQL log (read the campaign, its dialer and every call, then simulate): numbers/s',
  params: { numbers: 20_000, cap: 50 },
  async run(params) {
    const numbers = param(params, 'numbers');
    const db = await createBenchDatabase();
    const store = createPostgresEventStore({ knex: db.knex });
    try {
      const written = await timed(() => writeAuditLog(db.knex, { events: 1, campaignSize: numbers, cap: param(params, 'cap') }));
      await db.knex.raw('ANALYZE events');
      const first = await db.knex('events').where({ type: 'CampaignCreated' }).first<{ stream: string }>('stream');
      const campaignId = first!.stream.slice('campaign-'.length);
      const settings = { recipientMarginMs: 60_000, now: new Date().toISOString() };
      const whole = await timed(() => simulateCampaignFromLog(store, campaignId, {}, settings));
      const report = whole.result!;
      if (report.simulated.attempts !== report.recorded.attempts) throw new Error(`replay made ${report.simulated.attempts} attempts, the log ${report.recorded.attempts}`);
      const rate = (ms: number) => Math.round(numbers / (ms / 1000));
      return {
        measurements: [
          { name: `simulate ${numbers} numbers from the log`, value: rate(whole.ms), unit: 'numbers/s' },
          { name: 'wall time, read + simulate', value: whole.ms / 1000, unit: 's' },
        ],
        details: { events: written.result, writeMs: written.ms, campaignId, totalMs: whole.ms, report },
      };
    } finally {
      await store.close();
      await db.drop();
    }
  },
};
