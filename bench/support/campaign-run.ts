import { numbersInZones, ordinaryNumbers, zonesInsideHours } from './phone-numbers.js';
import { ALWAYS_OPEN, ANY_HOUR, type BenchService } from './service.js';
import { now, pollUntil } from './timing.js';

export type Stats = Readonly<{
  total: number;
  pending: number;
  inProgress: number;
  completed: number;
  failed: number;
  retriesAttempted: number;
  attempts: number;
}>;

export type CampaignRun = Readonly<{ campaignId: string; status: string; wallMs: number; stats: Stats }>;

type Spec = Readonly<{
  numbers: number;
  maxConcurrentCalls: number;
  retryPolicy: Readonly<{ maxRetries: number; initialDelayMs: number; backoffMultiplier: number; maxDelayMs: number }>;
  timeoutMs: number;
  /** How often the campaign is polled: the wall time is precise to about this. */
  pollEveryMs: number;
  /**
   * `builtin`: the recipient gate with the built-in rules, numbers spread over zones inside their
   * hours now; `none` (default): no recipient gate at all.
   */
  complianceRules?: 'builtin' | 'none';
}>;

const numbersAndRules = (spec: Spec) => {
  if (spec.complianceRules !== 'builtin') return { phoneNumbers: ordinaryNumbers(spec.numbers), ...ANY_HOUR };
  const zones = zonesInsideHours();
  if (zones.length === 0) throw new Error('no zone is inside 09:00-18:00 on a weekday now: run the built-in variant another time');
  return { phoneNumbers: numbersInZones(spec.numbers, zones), complianceRules: 'builtin', recipientHours: { start: '08:00', end: '21:00' } };
};

/**
 * Creates the campaign with its numbers, then times from `POST /start` until GET /campaigns/:id says
 * completed or failed; the final stats are read once the read model has settled.
 */
export const runCampaign = async (service: BenchService, spec: Spec): Promise<CampaignRun> => {
  const created = await service.expect<{ id: string }>(201, 'POST', '/campaigns', {
    name: `bench ${spec.numbers} numbers, cap ${spec.maxConcurrentCalls}`,
    ...numbersAndRules(spec),
    schedule: ALWAYS_OPEN,
    maxConcurrentCalls: spec.maxConcurrentCalls,
    retryPolicy: spec.retryPolicy,
  });
  const id = created.id;
  const start = now();
  await service.expect(200, 'POST', `/campaigns/${id}/start`);
  const status = await pollUntil(
    'the campaign to finish',
    async () => {
      const view = await service.expect<{ status: string }>(200, 'GET', `/campaigns/${id}`);
      return view.status === 'completed' || view.status === 'failed' ? view.status : undefined;
    },
    { timeoutMs: spec.timeoutMs, everyMs: spec.pollEveryMs },
  );
  const wallMs = now() - start;
  const stats = await pollUntil(
    'the stats to settle',
    async () => {
      const s = await service.expect<Stats>(200, 'GET', `/campaigns/${id}/stats`);
      return s.pending === 0 && s.inProgress === 0 && s.completed + s.failed === s.total ? s : undefined;
    },
    { timeoutMs: 30_000, everyMs: 50 },
  );
  return { campaignId: id, status, wallMs, stats };
};
