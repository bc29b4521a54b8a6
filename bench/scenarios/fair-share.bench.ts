import { ordinaryNumbers } from '../support/phone-numbers.js';
import { mostCallsAtOnce, readPacingLog, slotShares } from '../support/pacing-log.js';
import { param, type Params, type Scenario } from '../support/scenario.js';
import { ALWAYS_OPEN, ANY_HOUR, startService, type BenchService } from '../support/service.js';
import { now, pollUntil } from '../support/timing.js';

type Run = Readonly<{
  wallMs: number;
  idealMs: number;
  callSeconds: number;
  /** Each campaign's share of the calls under way while all of them still had numbers to dial. */
  shares: number[];
  contentionMs: number;
  mostAtOnce: number;
  finishedMs: number[];
}>;

const startCampaigns = async (service: BenchService, weights: readonly number[], numbers: number, cap: number): Promise<string[]> => {
  const ids: string[] = [];
  for (const [i, weight] of weights.entries()) {
    const created = await service.expect<{ id: string }>(201, 'POST', '/campaigns', {
      name: `fair share ${i}, weight ${weight}`,
      phoneNumbers: ordinaryNumbers(numbers, i * numbers),
      ...ANY_HOUR,
      schedule: ALWAYS_OPEN,
      weight,
      maxConcurrentCalls: cap,
      retryPolicy: { maxRetries: 0, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 },
    });
    ids.push(created.id);
  }
  return ids;
};

/** Three campaigns started together under MAX_CONCURRENT_CALLS, each allowed the whole cap on its own. */
const runOnce = async (params: Params, weights: readonly number[]): Promise<Run> => {
  const globalCap = param(params, 'globalCap');
  const numbers = param(params, 'numbers');
  const service = await startService({
    MAX_CONCURRENT_CALLS: String(globalCap),
    TELEPHONY_MOCK_MIN_DURATION_MS: String(param(params, 'minCallMs')),
    TELEPHONY_MOCK_MAX_DURATION_MS: String(param(params, 'maxCallMs')),
    TELEPHONY_MOCK_FAILURE_RATE: '0',
    TELEPHONY_MOCK_SEED: '1010',
  });
  try {
    const ids = await startCampaigns(service, weights, numbers, globalCap);
    const start = now();
    await Promise.all(ids.map((id) => service.expect(200, 'POST', `/campaigns/${id}/start`)));
    const finishedMs: number[] = ids.map(() => Number.NaN);
    await pollUntil(
      'every campaign to finish',
      async () => {
        for (const [i, id] of ids.entries()) {
          if (!Number.isNaN(finishedMs[i]!)) continue;
          const view = await service.expect<{ status: string }>(200, 'GET', `/campaigns/${id}`);
          if (view.status === 'completed' || view.status === 'failed') finishedMs[i] = now() - start;
        }
        return finishedMs.every((ms) => !Number.isNaN(ms)) ? true : undefined;
      },
      { timeoutMs: 1_800_000, everyMs: 100 },
    );
    const wallMs = Math.max(...finishedMs);
    const log = await readPacingLog(service.db.knex);
    // Contention lasts until the first campaign has dialed its last number.
    const lastDial = ids.map((id) => Math.max(...log.calls.filter((c) => c.campaignId === id && c.delta === 1).map((c) => c.atMs)));
    const firstDial = Math.min(...log.calls.map((c) => c.atMs));
    const contentionEnd = Math.min(...lastDial);
    const shares = slotShares(log, firstDial, contentionEnd);
    const { rows } = await service.db.knex.raw<{ rows: Array<{ ms: string | null }> }>(`SELECT sum((data->>'durationMs')::numeric)::text AS ms FROM events WHERE type = 'CallCompleted'`);
    const callSeconds = Number(rows[0]?.ms ?? 0) / 1_000;
    return {
      wallMs,
      idealMs: (callSeconds / globalCap) * 1_000,
      callSeconds,
      shares: ids.map((id) => shares.get(id) ?? 0),
      contentionMs: contentionEnd - firstDial,
      mostAtOnce: mostCallsAtOnce(log),
      finishedMs,
    };
  } finally {
    await service.close();
  }
};

const percent = (share: number) => share * 100;

export const fairShareScenario: Scenario = {
  name: 'fair-share',
  summary:
    'issue 10: 3 campaigns × 2,000 numbers started together under MAX_CONCURRENT_CALLS=30, weights 1:1:2, 0.5-1.5 s calls: each campaign\'s share of the calls in flight while all three have numbers to dial (ideal 25/25/50 %), wall time vs total call-seconds / 30; baseline: the same with equal weights',
  params: { numbers: 2_000, globalCap: 30, minCallMs: 500, maxCallMs: 1_500, weights: '1,1,2' },
  run: async (params) => {
    const weights = String(params.weights).split(',').map(Number);
    const total = weights.reduce((a, b) => a + b, 0);
    const weighted = await runOnce(params, weights);
    const equal = await runOnce(params, weights.map(() => 1));
    return {
      measurements: [
        ...weights.map((w, i) => ({
          name: `campaign ${i + 1} (weight ${w}): share of calls in flight while all have work`,
          value: percent(weighted.shares[i]!),
          unit: '%',
          baseline: { name: `ideal ${w}/${total}`, value: percent(w / total) },
        })),
        { name: 'wall time, start → last campaign completed', value: weighted.wallMs, unit: 'ms', baseline: { name: `ideal: ${Math.round(weighted.callSeconds)} call-s / ${param(params, 'globalCap')}`, value: weighted.idealMs } },
        { name: 'contention window (all three dialing)', value: weighted.contentionMs, unit: 'ms' },
        { name: 'most calls under way at once, every campaign', value: weighted.mostAtOnce, unit: 'calls', baseline: { name: 'MAX_CONCURRENT_CALLS', value: param(params, 'globalCap') } },
        ...weights.map((_, i) => ({ name: `baseline, equal weights: campaign ${i + 1} share`, value: percent(equal.shares[i]!), unit: '%', baseline: { name: `ideal 1/${weights.length}`, value: percent(1 / weights.length) } })),
        { name: 'baseline, equal weights: wall time', value: equal.wallMs, unit: 'ms', baseline: { name: 'ideal', value: equal.idealMs } },
      ],
      details: { weighted, equal },
    };
  },
};
