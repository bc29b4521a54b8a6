import { ordinaryNumbers } from './phone-numbers.js';
import { ALWAYS_OPEN, type BenchService } from './service.js';
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
}>;

/**
 * Creates the campaign with its numbers, then times from `POST /start` until GET /campaigns/:id says
 * completed or failed; the final stats are read once the read model has settled.
 */
export const runCampaign = async (service: BenchService, spec: Spec): Promise<CampaignRun> => {
  const created = await service.expect<{ id: string }>(201, 'POST', '/campaigns', {
    name: `bench ${spec.numbers} numbers, cap ${spec.maxConcurrentCalls}`,
    phoneNumbers: ordinaryNumbers(spec.numbers),
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
