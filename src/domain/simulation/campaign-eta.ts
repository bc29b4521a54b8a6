import type { CampaignEvent } from '../campaign/campaign.events.js';
import type { DialerEvent } from '../dialer/dialer.events.js';
import { foldDialer } from '../dialer/dialer.evolve.js';
import { initialDialerState } from '../dialer/dialer.state.js';
import type { Instant } from '../shared/event.js';
import { toEpochMs } from '../shared/instant.js';
import { simulateCampaign, type SimulationEnd } from './campaign-simulation.js';
import { recordedOutcomes, type RecordedAttempt } from './recorded-outcomes.js';
import type { Timed } from './recorded-run.js';
import { DEFAULT_SIMULATION_SEED } from './seeded-random.js';

export type CampaignEta = Readonly<{
  campaignId: string;
  status: string;
  /** When the campaign should finish, windows and recipient hours included; null when it cannot be told (see `end`). */
  estimatedFinishAt: Instant | null;
  /** How the estimate ended: `completed` / `failed` (a schedule that never opens again), or why there is none. */
  end: SimulationEnd | 'finished' | 'paused' | 'not_running';
  remaining: Readonly<{ neverAttempted: number; inFlight: number; waiting: number }>;
  /** Attempts the estimate draws from: those already recorded (0: an assumed 30 s answered call each). */
  basedOnAttempts: number;
  computedAt: Instant;
}>;

const key = (callId: string, attempt: number): string => `${callId}#${attempt}`;

/**
 * Outcomes so far from the dialer stream alone (one stream, cheap enough for a live page): each
 * attempt's slot held from `DialStarted` to its `DialEnded`.
 */
const outcomesSoFar = (events: ReadonlyArray<Timed<DialerEvent>>) => {
  const started = new Map<string, number>();
  const byCall = new Map<string, Array<RecordedAttempt | undefined>>();
  for (const event of events) {
    if (event.type === 'DialStarted') started.set(key(event.data.callId, event.data.attempt), toEpochMs(event.recordedAt));
    if (event.type !== 'DialEnded') continue;
    const { callId, attempt, outcome } = event.data;
    const since = started.get(key(callId, attempt));
    if (since === undefined || outcome === 'abandoned' || outcome === 'deferred') continue;
    const attempts = byCall.get(callId) ?? [];
    attempts[attempt - 1] = { outcome, durationMs: Math.max(0, toEpochMs(event.recordedAt) - since) };
    byCall.set(callId, attempts);
  }
  return { started, byCall };
};

/**
 * The console's ETA (DESIGN §9): the simulator run from the campaign's state now — never-attempted
 * numbers, dials in flight, waiting retries — over the outcomes recorded so far, so campaign
 * windows and recipient hours count as they will live.
 */
export const campaignEta = (
  campaignId: string,
  campaign: ReadonlyArray<Timed<CampaignEvent>>,
  dialer: ReadonlyArray<Timed<DialerEvent>>,
  now: Instant,
  marginMs: number,
): CampaignEta => {
  const state = foldDialer(foldDialer(initialDialerState(campaignId), campaign), dialer);
  const remaining = {
    neverAttempted: state.requeued.length + Math.max(0, state.queue.length - state.cursor),
    inFlight: state.inFlight.size,
    waiting: state.retries.size,
  };
  const { started, byCall } = outcomesSoFar(dialer);
  const recorded = recordedOutcomes(byCall);
  const base = { campaignId, status: state.status, remaining, basedOnAttempts: recorded.mix.length, computedAt: now };
  if (state.status === 'completed' || state.status === 'failed' || state.status === 'cancelled') {
    const finished = campaign.find((e) => e.type === 'CampaignCompleted' || e.type === 'CampaignFailed' || e.type === 'CampaignCancelled');
    return { ...base, estimatedFinishAt: finished?.recordedAt ?? null, end: 'finished' };
  }
  if (state.status === 'paused') return { ...base, estimatedFinishAt: null, end: 'paused' };
  if (state.status !== 'in_progress' && state.status !== 'pending') return { ...base, estimatedFinishAt: null, end: 'not_running' };
  const inFlightSince = new Map([...state.inFlight.values()].map((d) => [d.callId, started.get(key(d.callId, d.attempt)) ?? toEpochMs(now)]));
  const simulated = simulateCampaign({
    state: { ...state, status: 'in_progress' },
    at: now,
    inFlightSince,
    recorded,
    seed: DEFAULT_SIMULATION_SEED,
    selection: { marginMs },
  });
  return { ...base, estimatedFinishAt: simulated.finishedAt, end: simulated.end };
};
