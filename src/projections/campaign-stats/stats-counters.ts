import type { CallStatus, CampaignStats } from '../../application/views.js';
import type { CallEvent } from '../../domain/call/call.events.js';
import { nextCallStatus } from '../calls/call-status.js';
import type { Fact } from '../shared/domain-events.js';

/** Per-campaign counters as stored: one per call status, so every transition is a -1/+1 pair. */
export type Counters = {
  total: number;
  pending: number;
  retry_scheduled: number;
  in_progress: number;
  completed: number;
  failed: number;
  cancelled: number;
  skipped: number;
  attempts: number;
  retries_attempted: number;
};

export const COUNTER_COLUMNS = [
  'total',
  'pending',
  'retry_scheduled',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
  'skipped',
  'attempts',
  'retries_attempted',
] as const satisfies readonly (keyof Counters)[];

export const zeroCounters = (): Counters => ({
  total: 0,
  pending: 0,
  retry_scheduled: 0,
  in_progress: 0,
  completed: 0,
  failed: 0,
  cancelled: 0,
  skipped: 0,
  attempts: 0,
  retries_attempted: 0,
});

/** `pending` in the API counts calls waiting to be dialed: never attempted, or waiting for a retry. */
export const toStats = (c: Counters): CampaignStats => ({
  total: c.total,
  pending: c.pending + c.retry_scheduled,
  inProgress: c.in_progress,
  completed: c.completed,
  failed: c.failed,
  cancelled: c.cancelled,
  skipped: c.skipped,
  retriesAttempted: c.retries_attempted,
  attempts: c.attempts,
});

/** A campaign call the stats follow: only calls with a stream, the others are counted as pending in bulk. */
export type TrackedCall = Readonly<{ campaignId: string; status: CallStatus }>;

export type RunContext = Readonly<{
  tracked: ReadonlyMap<string, TrackedCall>;
  /** Campaigns that have a stats row, and whether each is cancelled. */
  campaigns: ReadonlyMap<string, { cancelled: boolean }>;
}>;

/**
 * Pure fold of a run of call events into the calls' new statuses and per-campaign counter deltas.
 * A campaign call starts being tracked at `CallScheduled`, as pending, or cancelled when its
 * campaign was cancelled before (its never-attempted calls were all counted cancelled then).
 */
export function foldCallRun(context: RunContext, facts: readonly Fact<CallEvent>[]) {
  const tracked = new Map(context.tracked);
  const changed = new Set<string>();
  const deltas = new Map<string, Counters>();
  const delta = (campaignId: string): Counters => deltas.get(campaignId) ?? deltas.set(campaignId, zeroCounters()).get(campaignId)!;
  for (const { id, event } of facts) {
    const call = tracked.get(id);
    if (!call) {
      const campaignId = event.type === 'CallScheduled' ? event.data.campaignId : null;
      const campaign = campaignId === null ? undefined : context.campaigns.get(campaignId);
      if (campaignId === null || !campaign) continue;
      tracked.set(id, { campaignId, status: campaign.cancelled ? 'cancelled' : 'pending' });
      changed.add(id);
      continue;
    }
    const status = nextCallStatus(call.status, event);
    const d = delta(call.campaignId);
    if (event.type === 'CallAttempted') {
      d.attempts += 1;
      if (event.data.attempt > 1) d.retries_attempted += 1;
    }
    if (status === call.status) continue;
    d[call.status] -= 1;
    d[status] += 1;
    tracked.set(id, { ...call, status });
    changed.add(id);
  }
  return { changed: [...changed].map((id) => ({ id, ...tracked.get(id)! })), deltas };
}
