import { retryDelayMs, willRetry } from '../call/retry-delay.js';
import type { RetryPolicy } from '../campaign/campaign-config.js';
import type { DialEnd } from '../dialer/dial-outcome.js';
import type { SelectionOptions } from '../dialer/dial-selection.js';
import { decide, type WorkflowInput } from '../dialer/dialer-workflow.js';
import { foldDialer } from '../dialer/dialer.evolve.js';
import type { DialerState } from '../dialer/dialer.state.js';
import type { Instant } from '../shared/event.js';
import { fromEpochMs, toEpochMs } from '../shared/instant.js';
import { emptyEndQueue, nextEndAt, popDueEnds, pushEnd, type EndQueue } from './end-queue.js';
import { outcomeOf, type RecordedAttempt, type RecordedOutcomes } from './recorded-outcomes.js';
import { seededRandom } from './seeded-random.js';

/** What a what-if run changes of the campaign's config; anything left out stays as recorded. */
export type SimulationOverrides = Readonly<{ maxConcurrentCalls?: number; retryPolicy?: Partial<RetryPolicy> }>;

export type SimulationRequest = Readonly<{
  /** The dialer's state to start from: a campaign about to start, or a running one now (ETA). */
  state: DialerState;
  at: Instant;
  /** Dials in flight at `at`, by call id: when their attempt started (their end is drawn from then). */
  inFlightSince?: ReadonlyMap<string, number>;
  recorded: RecordedOutcomes;
  overrides?: SimulationOverrides;
  seed: number;
  selection: SelectionOptions;
  /** For attempts with nothing recorded to draw from (a campaign with no outcome yet). */
  assumed?: RecordedAttempt;
  /** The first decision, when later than `at`: the recorded dialer took this long to react to the start. */
  firstDecisionAt?: Instant | null;
  /** A campaign whose window never comes back would wait forever: stop after this much virtual time. */
  horizonMs?: number;
}>;

export type SimulationEnd = 'completed' | 'failed' | 'stalled' | 'horizon';

export type SimulationResult = Readonly<{
  seed: number;
  maxConcurrentCalls: number;
  retryPolicy: RetryPolicy;
  attempts: number;
  /** Attempts the log did not hold, drawn from the number's (else the campaign's) recorded outcomes. */
  drawnAttempts: number;
  completed: number;
  failed: number;
  skipped: number;
  startedAt: Instant;
  /** When the last call settled; null when the run ended otherwise (`end`). */
  finishedAt: Instant | null;
  durationMs: number | null;
  end: SimulationEnd;
  /** Decisions taken: how often the dialer's `decide` ran on the virtual clock. */
  decisions: number;
  /** Most calls waiting at once (retries, recipient hours): what each decision has to look through. */
  peakWaiting: number;
}>;

const ASSUMED: RecordedAttempt = { outcome: 'answered', durationMs: 30_000 };
const ONE_YEAR_MS = 366 * 24 * 3_600_000;

export const withOverrides = (state: DialerState, overrides: SimulationOverrides = {}): DialerState => {
  const { config } = state;
  if (config === null) return state;
  return {
    ...state,
    config: {
      ...config,
      maxConcurrentCalls: overrides.maxConcurrentCalls ?? config.maxConcurrentCalls,
      retryPolicy: { ...config.retryPolicy, ...overrides.retryPolicy },
    },
  };
};

/** A dial started in the simulation: how it ends, and when its outcome comes in (a retry is due counted from then). */
type PendingEnd = Readonly<{ callId: string; attempt: number; outcome: RecordedAttempt['outcome']; outcomeAtMs: number }>;

/** How a dial ends in the simulation, under the retry policy in force when its outcome comes in. */
const endOf = ({ callId, attempt, outcome, outcomeAtMs: atMs }: PendingEnd, policy: RetryPolicy): DialEnd => {
  if (outcome === 'answered') return { callId, attempt, outcome, retryDueAt: null, terminal: true };
  if (outcome === 'skipped') return { callId, attempt, outcome, retryDueAt: null, terminal: true, skipReason: 'dnc' };
  if (!willRetry(policy, attempt, outcome)) return { callId, attempt, outcome, retryDueAt: null, terminal: true };
  return { callId, attempt, outcome, retryDueAt: fromEpochMs(atMs + retryDelayMs(policy, attempt)), terminal: false };
};

/**
 * Runs a campaign on a virtual clock through the dialer's own `decide` (DESIGN §9): each dial it
 * starts ends as the log recorded that (call, attempt), after as long as it took then; attempts that
 * never happened are drawn, seeded. Windows, recipient hours and retries first hold as they do live,
 * because the same decision code applies them. Frequency caps across campaigns and the global pacing
 * gates are not simulated: they depend on other campaigns.
 */
export const simulateCampaign = (request: SimulationRequest): SimulationResult => {
  const random = seededRandom(request.seed);
  const assumed = request.assumed ?? ASSUMED;
  const startMs = toEpochMs(request.at);
  const horizonMs = startMs + (request.horizonMs ?? ONE_YEAR_MS);
  let state = withOverrides(request.state, request.overrides);
  const policy = (): RetryPolicy => state.config!.retryPolicy;
  const queue: EndQueue<PendingEnd> = emptyEndQueue();
  let attempts = 0;
  let drawnAttempts = 0;
  let decisions = 0;
  let peakWaiting = 0;
  const dial = (callId: string, attempt: number, sinceMs: number, nowMs: number): void => {
    const { attempt: recorded, drawn } = outcomeOf(request.recorded, callId, attempt, random, assumed);
    if (drawn) drawnAttempts += 1;
    const outcomeAtMs = Math.max(nowMs, sinceMs + (recorded.beforeMs ?? 0) + recorded.durationMs);
    pushEnd(queue, outcomeAtMs + (recorded.afterMs ?? 0), { callId, attempt, outcome: recorded.outcome, outcomeAtMs });
  };
  for (const [callId, sinceMs] of request.inFlightSince ?? []) {
    const inFlight = state.inFlight.get(callId);
    if (inFlight) dial(callId, inFlight.attempt, sinceMs, startMs);
  }
  const input = (ends: DialEnd[]): WorkflowInput => ({
    ends,
    clocks: new Map(),
    limits: { ringMs: Number.MAX_SAFE_INTEGER, maxDurationMs: Number.MAX_SAFE_INTEGER },
    parked: new Set(),
    busy: new Set(),
    leased: true,
    mayEndCampaign: true,
    selection: request.selection,
  });
  const result = (end: SimulationEnd, nowMs: number): SimulationResult => ({
    seed: request.seed,
    maxConcurrentCalls: state.config?.maxConcurrentCalls ?? 0,
    retryPolicy: policy(),
    attempts,
    drawnAttempts,
    completed: state.completed,
    failed: state.failed,
    skipped: state.skipped,
    startedAt: request.at,
    finishedAt: end === 'completed' || end === 'failed' ? fromEpochMs(nowMs) : null,
    durationMs: end === 'completed' || end === 'failed' ? nowMs - startMs : null,
    end,
    decisions,
    peakWaiting,
  });
  let nowMs = Math.max(startMs, request.firstDecisionAt ? toEpochMs(request.firstDecisionAt) : startMs);
  let ends: DialEnd[] = [];
  for (;;) {
    const decision = decide(state, input(ends), fromEpochMs(nowMs));
    decisions += 1;
    state = foldDialer(state, decision.events);
    peakWaiting = Math.max(peakWaiting, state.retries.size);
    for (const effect of decision.effects) {
      if (effect.type === 'dial') {
        attempts += 1;
        dial(effect.dial.callId, effect.dial.attempt, nowMs, nowMs);
      } else if (effect.type === 'end-campaign') {
        state = { ...state, completed: effect.end.completed, failed: effect.end.failed, skipped: effect.end.skipped };
        return result(effect.end.type === 'complete' ? 'completed' : 'failed', nowMs);
      }
    }
    if (decision.done) return result('stalled', nowMs);
    const wake = decision.wakeAt === null ? null : toEpochMs(decision.wakeAt);
    const endAt = nextEndAt(queue);
    const next = endAt === null ? wake : wake === null ? endAt : Math.min(endAt, wake);
    if (next === null) return result('stalled', nowMs);
    if (next > horizonMs) return result('horizon', nowMs);
    nowMs = Math.max(nowMs, next);
    ends = popDueEnds(queue, nowMs).map((end) => endOf(end, policy()));
  }
};
