import { randomUUID } from 'node:crypto';
import { DIALER_DEFAULTS } from '../../src/application/dialer/dialer.types.js';
import { createPostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { runCampaign } from '../support/campaign-run.js';
import { readDialLog } from '../support/dial-log.js';
import { dialMeasurements, scrapeMetrics } from '../support/dial-measurements.js';
import { createBenchDatabase } from '../support/fresh-database.js';
import { param, type Scenario } from '../support/scenario.js';
import { startService } from '../support/service.js';
import { runPool, timed } from '../support/timing.js';

/** What the store alone sustains: one-event appends to fresh streams, as many at once as the dialer writes. */
const storeAppendBaseline = async (appends: number, concurrency: number): Promise<number> => {
  const db = await createBenchDatabase();
  const store = createPostgresEventStore({ databaseUrl: db.url });
  try {
    const { ms } = await timed(() =>
      runPool(appends, concurrency, async () => {
        const metadata = { correlationId: randomUUID(), causationId: randomUUID(), actor: 'bench', recordedAt: new Date().toISOString(), schemaVersion: 1 };
        await store.appendToStream(`call-${randomUUID()}`, [{ id: randomUUID(), type: 'CallAttempted', data: { attempt: 1 }, metadata }], {
          expectedVersion: 'any',
        });
      }),
    );
    return (appends / ms) * 1000;
  } finally {
    await store.close();
    await db.drop();
  }
};

export const throughputScenario: Scenario = {
  name: 'throughput',
  summary: 'issue 4: 20,000 numbers at cap 1,000 with zero-length calls: attempts/s and slot-refill latency',
  params: { numbers: 20_000, cap: 1_000, concurrency: DIALER_DEFAULTS.dialConcurrency, complianceRules: 'builtin' },
  run: async (params) => {
    const numbers = param(params, 'numbers');
    const cap = param(params, 'cap');
    const concurrency = param(params, 'concurrency');
    const appendsPerSecond = await storeAppendBaseline(numbers, concurrency);
    const service = await startService({
      TELEPHONY_MOCK_MIN_DURATION_MS: '0',
      TELEPHONY_MOCK_MAX_DURATION_MS: '0',
      TELEPHONY_MOCK_FAILURE_RATE: '0',
      TELEPHONY_MOCK_SEED: '1',
    });
    try {
      const metricsBefore = await scrapeMetrics(service);
      const run = await runCampaign(service, {
        numbers,
        maxConcurrentCalls: cap,
        retryPolicy: { maxRetries: 0, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 },
        timeoutMs: 30 * 60_000,
        pollEveryMs: 50,
        complianceRules: params.complianceRules === 'none' ? 'none' : 'builtin',
      });
      const metricsAfter = await scrapeMetrics(service);
      const log = await readDialLog(service.db.knex, cap);
      const dial = dialMeasurements(log, cap, metricsBefore, metricsAfter);
      const perSecond = (n: number) => (n / run.wallMs) * 1000;
      const storeBaseline = { name: `store alone: 1-event appends, ${concurrency} at once`, value: appendsPerSecond };
      return {
        measurements: [
          { name: 'attempts/s (start → completed)', value: perSecond(run.stats.attempts), unit: 'attempts/s', baseline: storeBaseline },
          { name: 'event-store appends/s during the run', value: perSecond(log.appends), unit: 'appends/s', baseline: storeBaseline },
          { name: 'event-store transactions/s during the run', value: perSecond(log.transactions), unit: 'commits/s' },
          { name: 'events appended/s during the run', value: perSecond(log.events), unit: 'events/s' },
          { name: 'appends per attempt', value: log.appends / run.stats.attempts, unit: 'appends' },
          { name: 'wall time, start → completed', value: run.wallMs, unit: 'ms' },
          ...dial.measurements,
          { name: 'baseline: store alone, 1-event appends', value: appendsPerSecond, unit: 'appends/s' },
        ],
        details: { ...run, appendsPerSecond, dialLog: { ...log, refillMs: undefined, retryRefillMs: undefined }, refill: dial.refill, histogram: dial.histogram },
      };
    } finally {
      await service.close();
    }
  },
};
