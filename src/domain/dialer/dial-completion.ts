import type { Instant } from '../shared/event.js';
import { scheduleNeverOpens } from './dial-selection.js';
import type { DialerState } from './dialer.state.js';
import { neverAttemptedCount, settledCount } from './dialer.state.js';

type Counts = Readonly<{ completed: number; failed: number; skipped: number }>;
export type CampaignEnd = (Readonly<{ type: 'complete' }> | Readonly<{ type: 'fail'; reason: string }>) & Counts;

const isIdle = (state: DialerState): boolean =>
  neverAttemptedCount(state) === 0 && state.inFlight.size === 0 && state.retries.size === 0;

/**
 * Every call ended for good: the campaign completes. The campaign decider turns this into
 * `CampaignFailed` when every call failed (an unusable provider ends there too: its `error` outcomes
 * are retried, then fail), else `CampaignCompleted`. A paused campaign whose last calls ended
 * completes as well: there is nothing left to resume. Skipped calls (do-not-call) count as settled.
 */
export const isFinished = (state: DialerState): boolean =>
  (state.status === 'in_progress' || state.status === 'paused') &&
  state.queue.length > 0 &&
  isIdle(state) &&
  settledCount(state) === state.queue.length;

/** How the dialer ends a campaign now, if it must: every call settled, or a schedule that never opens again. */
export const campaignEnd = (state: DialerState, now: Instant): CampaignEnd | null => {
  const { completed, failed, skipped } = state;
  if (isFinished(state)) return { type: 'complete', completed, failed, skipped };
  if (scheduleNeverOpens(state, now)) return { type: 'fail', reason: 'the schedule never opens again', completed, failed, skipped };
  return null;
};

/**
 * After a cancel, retries still pending are cancelled on their call streams (dials in flight
 * finish); so is the retry a removed number's last attempt asked for.
 */
export const retriesToCancel = (state: DialerState): string[] => {
  if (state.status === 'cancelled') return [...state.retries.keys()];
  // Most decisions: nothing removed, nothing to look through.
  return state.removed.size === 0 ? [] : [...state.retries.keys()].filter((callId) => state.removed.has(callId));
};

/**
 * Nothing left for a dialer to do: the campaign ended (or was cancelled and its last dials and
 * retries are settled), so its lease can be released.
 */
export const isDone = (state: DialerState): boolean => {
  switch (state.status) {
    case 'initial':
    case 'pending':
    case 'completed':
    case 'failed':
    case 'deleted':
      return state.inFlight.size === 0;
    case 'cancelled':
      return state.inFlight.size === 0 && state.retries.size === 0;
    case 'in_progress':
    case 'paused':
      return false;
    default: {
      const _unknown: never = state.status;
      return false;
    }
  }
};
