import { runCampaign } from '../support/campaign-run.js';
import { busiestWindow, readPacingLog, requestRate } from '../support/pacing-log.js';
import { param, type Params, type Scenario } from '../support/scenario.js';
import { startService } from '../support/service.js';

/** One campaign through a fresh service with `env`; the request instants come from its log. */
const runOnce = async (params: Params, env: Record<string, string>) => {
  const callMs = param(params, 'callMs');
  const service = await startService({
    TELEPHONY_MOCK_MIN_DURATION_MS: String(callMs),
    TELEPHONY_MOCK_MAX_DURATION_MS: String(callMs),
    TELEPHONY_MOCK_FAILURE_RATE: '0',
    ...env,
  });
  try {
    const run = await runCampaign(service, {
      numbers: param(params, 'numbers'),
      maxConcurrentCalls: param(params, 'cap'),
      retryPolicy: { maxRetries: 0, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 },
      timeoutMs: 600_000,
      pollEveryMs: 50,
    });
    const log = await readPacingLog(service.db.knex);
    return { run, rate: requestRate(log.requests), busiest: busiestWindow(log.requests), rateWaits: log.rateWaits, requests: log.requests.length };
  } finally {
    await service.close();
  }
};

export const cpsScenario: Scenario = {
  name: 'cps',
  summary:
    'issue 10: MAX_CALLS_PER_SECOND=50, one campaign whose cap allows far more (cap 200, 200 ms calls): request rate achieved and the busiest rolling second, from the log; baseline: the same campaign with no limit',
  params: { numbers: 1_000, cap: 200, callMs: 200, limit: 50 },
  run: async (params) => {
    const limit = param(params, 'limit');
    const limited = await runOnce(params, { MAX_CALLS_PER_SECOND: String(limit) });
    const free = await runOnce(params, {});
    return {
      measurements: [
        { name: 'dial requests/s, first → last request', value: limited.rate, unit: 'requests/s', baseline: { name: `MAX_CALLS_PER_SECOND`, value: limit } },
        { name: 'busiest rolling second (requests)', value: limited.busiest, unit: 'requests', baseline: { name: 'MAX_CALLS_PER_SECOND', value: limit } },
        { name: 'wall time, start → completed', value: limited.run.wallMs, unit: 'ms', baseline: { name: `ideal: ${limited.requests} / ${limit} per s`, value: (limited.requests / limit) * 1_000 } },
        { name: 'dials that waited for a token (rate_limit)', value: limited.rateWaits, unit: 'waits' },
        { name: 'baseline, no limit: dial requests/s', value: free.rate, unit: 'requests/s' },
        { name: 'baseline, no limit: busiest rolling second', value: free.busiest, unit: 'requests' },
        { name: 'baseline, no limit: wall time', value: free.run.wallMs, unit: 'ms' },
      ],
      details: { limited, free },
    };
  },
};
