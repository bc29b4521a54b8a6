import { readDialLog } from '../support/dial-log.js';
import { dialMeasurements, scrapeMetrics } from '../support/dial-measurements.js';
import { runCampaign } from '../support/campaign-run.js';
import { param, type Scenario } from '../support/scenario.js';
import { startService } from '../support/service.js';

export const campaignScenario: Scenario = {
  name: 'campaign',
  summary:
    'issues 4, 9: 500 numbers, cap 10, 2 s calls, 10 % failures, 2 retries with no delay, built-in rules (numbers in zones inside their hours): wall time vs ceil(attempts / cap) × call',
  params: { numbers: 500, cap: 10, callMs: 2_000, failureRate: 0.1, seed: 4242, maxRetries: 2, complianceRules: 'builtin' },
  run: async (params) => {
    const cap = param(params, 'cap');
    const callMs = param(params, 'callMs');
    const service = await startService({
      TELEPHONY_MOCK_MIN_DURATION_MS: String(callMs),
      TELEPHONY_MOCK_MAX_DURATION_MS: String(callMs),
      TELEPHONY_MOCK_FAILURE_RATE: String(param(params, 'failureRate')),
      TELEPHONY_MOCK_SEED: String(param(params, 'seed')),
    });
    try {
      const numbers = param(params, 'numbers');
      const metricsBefore = await scrapeMetrics(service);
      const run = await runCampaign(service, {
        numbers,
        maxConcurrentCalls: cap,
        retryPolicy: { maxRetries: param(params, 'maxRetries'), initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 },
        // Five times the ideal with every number retried twice, and never under a minute.
        timeoutMs: Math.max(60_000, 5 * Math.ceil((numbers * 3) / cap) * callMs),
        pollEveryMs: 50,
        complianceRules: params.complianceRules === 'none' ? 'none' : 'builtin',
      });
      const metricsAfter = await scrapeMetrics(service);
      const log = await readDialLog(service.db.knex, cap);
      const waves = Math.ceil(run.stats.attempts / cap);
      const idealMs = waves * callMs;
      const dial = dialMeasurements(log, cap, metricsBefore, metricsAfter);
      return {
        measurements: [
          { name: `wall time, start → ${run.status}`, value: run.wallMs, unit: 'ms', baseline: { name: `ideal: ceil(${run.stats.attempts} / ${cap}) × ${callMs} ms`, value: idealMs } },
          { name: 'first dial → last outcome (store clock)', value: log.lastOutcomeAtMs - log.firstDialAtMs, unit: 'ms', baseline: { name: 'ideal', value: idealMs } },
          { name: 'overhead per wave of calls', value: (run.wallMs - idealMs) / waves, unit: 'ms' },
          { name: 'attempts', value: run.stats.attempts, unit: 'attempts' },
          ...dial.measurements,
        ],
        details: { ...run, waves, idealMs, dialLog: { ...log, refillMs: undefined, retryRefillMs: undefined }, refill: dial.refill, histogram: dial.histogram },
      };
    } finally {
      await service.close();
    }
  },
};
