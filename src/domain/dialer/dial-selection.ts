import { isOpenAt, nextOpeningAfter } from '../calendar/calendar.js';
import type { Schedule } from '../calendar/schedule.js';
import type { Instant } from '../shared/event.js';
import { fromEpochMs, toEpochMs } from '../shared/instant.js';
import type { RuleSet } from '../compliance/index.js';
import { callAt, type QueuedCall } from './dial-queue.js';
import type { DialDeferred, DialStarted, GlobalInputs } from './dialer.events.js';
import type { DialerConfig, DialerState, PendingRetry } from './dialer.state.js';
import { neverAttemptedCount } from './dialer.state.js';
import { recipientVerdict } from './recipient-gate.js';
import { dueWaiting, nextDueAfter } from './waiting-calls.js';

export type Dial = Readonly<{ callId: string; attempt: number; phoneNumber: string }>;

export type SelectionOptions = Readonly<{
  /** Stop this long before a recipient's window closes. */
  marginMs: number;
  ruleSet?: RuleSet;
  /** Waits recorded per decision at most (each is an event); more are left to the next decision. */
  maxDeferrals?: number;
  /** The global cap as this instance's ledger sees it: `room` new slots this campaign may take. Absent: no global cap. */
  global?: GlobalInputs & Readonly<{ room: number }>;
}>;

/**
 * The decisions of one selection, in the order they were made: dials started (each with why) and
 * calls sent to wait for their recipient's hours. `more`: it stopped at `maxDeferrals`, not for
 * want of slots or calls, so the next decision should come at once. `waitingForGlobal`: a call
 * could be dialed now into a free campaign slot, but the global cap left no room.
 */
export type Selection = Readonly<{ events: Array<DialStarted | DialDeferred>; dials: Dial[]; more: boolean; waitingForGlobal: boolean }>;

const NOTHING: Selection = { events: [], dials: [], more: false, waitingForGlobal: false };
const DEFAULT_MAX_DEFERRALS = 500;

const isOpen = (config: DialerConfig, now: Instant): boolean => config.schedule === null || isOpenAt(config.schedule, now);

/**
 * Calls due now, real retries first (attempt 1 waiting for its recipient's hours or a cap is still a
 * never-attempted call), earliest due first, ties by call order: read lazily off the due index.
 */
function* dueRetries(state: DialerState, now: Instant): Generator<PendingRetry> {
  for (const wait of dueWaiting(state.retries, toEpochMs(now))) if (!state.removed.has(wait.callId)) yield wait;
}

/** A dial may start now: the campaign runs and its window is open. */
export const mayStartDials = (state: DialerState, now: Instant): boolean =>
  state.status === 'in_progress' && state.config !== null && isOpen(state.config, now);

/**
 * What to dial now (DESIGN §6.2, §6.3, §7.1): only while the campaign runs and its window is open,
 * only into free slots under the cap as it is configured now (a PATCH counts from the next
 * decision), due retries first — earliest due first, ties by call order — then never-attempted
 * calls in the order they were added. A call whose recipient may not be called now waits for its
 * hours without a slot and blocks nothing; a retry not yet due blocks nothing either — except a call
 * waiting for a calls-per-second token: no fresh number starts before it (`pacedUntil`).
 */
export const selectDials = (state: DialerState, now: Instant, options: SelectionOptions): Selection => {
  if (!mayStartDials(state, now)) return NOTHING;
  const config = state.config!;
  const free = config.maxConcurrentCalls - state.inFlight.size;
  if (free <= 0) return NOTHING;
  const { global } = options;
  // The global cap binds only below the campaign's own free slots; then the first call it holds back is noted, not dialed.
  const limit = global === undefined ? free : Math.min(free, Math.max(0, global.room));
  const maxDeferrals = options.maxDeferrals ?? DEFAULT_MAX_DEFERRALS;
  const events: Selection['events'] = [];
  const dials: Dial[] = [];
  let deferrals = 0;
  let waitingForGlobal = false;
  /** True once nothing more may be decided now. */
  const consider = (call: QueuedCall, attempt: number, retryDueAt: Instant | null): boolean => {
    const { callId, phoneNumber } = call;
    const verdict = recipientVerdict(config, call, now, options);
    if (verdict.open && dials.length >= limit) {
      waitingForGlobal = true;
      return true;
    }
    if (verdict.open) {
      const inFlight = state.inFlight.size + dials.length;
      const decision = {
        inFlight,
        cap: config.maxConcurrentCalls,
        retryDueAt,
        recipient: verdict.decision,
        ...(global ? { global: { inFlight: global.inFlight + dials.length, cap: global.cap, share: global.share, weight: global.weight } } : {}),
      };
      dials.push({ callId, attempt, phoneNumber });
      events.push({ type: 'DialStarted', data: { callId, attempt, phoneNumber, decision } });
    } else {
      deferrals += 1;
      events.push({ type: 'DialDeferred', data: { callId, attempt, phoneNumber, waitingFor: 'recipient_hours', until: verdict.until, recipient: verdict.decision } });
    }
    return dials.length >= free || deferrals >= maxDeferrals;
  };
  const done = (): Selection => ({ events, dials, more: deferrals >= maxDeferrals, waitingForGlobal });
  for (const wait of dueRetries(state, now)) {
    if (consider(callAt(state.queue, wait.order), wait.attempt, wait.attempt > 1 ? wait.dueAt : null)) return done();
  }
  if (state.pacedUntil !== null && toEpochMs(now) < toEpochMs(state.pacedUntil)) return done();
  for (const position of state.requeued) if (consider(callAt(state.queue, position), 1, null)) return done();
  for (let position = state.cursor; position < state.queue.length; position += 1) {
    if (consider(callAt(state.queue, position), 1, null)) return done();
  }
  return done();
};

const hasWork = (state: DialerState): boolean => neverAttemptedCount(state) > 0 || state.retries.size > 0;

/** The schedule a running campaign with calls left waits on; null when it has none (always open) or nothing waits. */
const scheduleOfWork = (state: DialerState): Schedule | null =>
  state.status === 'in_progress' && hasWork(state) ? (state.config?.schedule ?? null) : null;

/** Set while a running campaign with calls left waits for its window (the campaign view's `nextWindowOpensAt`). */
export const nextWindowOpensAt = (state: DialerState, now: Instant): Instant | null => {
  const schedule = scheduleOfWork(state);
  if (schedule === null || isOpenAt(schedule, now)) return null;
  return nextOpeningAfter(schedule, now)?.toISOString() ?? null;
};

/**
 * The next instant a decision could start a dial without any event arriving first: a retry falling
 * due while the window is open, or the window opening. Null when only an event can change anything.
 */
export const nextDialWakeUp = (state: DialerState, now: Instant): Instant | null => {
  const { config } = state;
  if (state.status !== 'in_progress' || config === null || !hasWork(state)) return null;
  if (!isOpen(config, now)) return nextWindowOpensAt(state, now);
  const nowMs = toEpochMs(now);
  const paced = state.pacedUntil !== null && neverAttemptedCount(state) > 0 ? toEpochMs(state.pacedUntil) : null;
  const times = [nextDueAfter(state.retries, nowMs), paced !== null && paced > nowMs ? paced : null].filter((t): t is number => t !== null);
  return times.length === 0 ? null : fromEpochMs(Math.min(...times));
};

/** A running campaign with calls left whose schedule can never open again cannot go on. */
export const scheduleNeverOpens = (state: DialerState, now: Instant): boolean => {
  const schedule = scheduleOfWork(state);
  return schedule !== null && !isOpenAt(schedule, now) && nextOpeningAfter(schedule, now) === null;
};
