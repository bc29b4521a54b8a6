import type { CallEvent } from '../call/call.events.js';
import type { DialEnded } from './dialer.events.js';
import type { DialerState } from './dialer.state.js';

export type DialEnd = DialEnded['data'];

/** What a call's stream says about one of its attempts. */
export type AttemptStatus =
  | Readonly<{ kind: 'not_started' }>
  | Readonly<{ kind: 'in_flight' }>
  | Readonly<{ kind: 'ended'; end: DialEnd }>;

/**
 * Reads the fate of attempt `attempt` from the call's events. An attempt that never started on a
 * call that has ended anyway (cancelled) ends for good as `abandoned`; otherwise `not_started`
 * means the call is untouched and goes back to the queue.
 */
export const attemptStatus = (callId: string, events: readonly CallEvent[], attempt: number): AttemptStatus => {
  let started = false;
  let closed = false;
  let end = null as DialEnd | null;
  for (const event of events) {
    switch (event.type) {
      case 'CallAttempted':
        if (event.data.attempt === attempt) started = true;
        break;
      case 'CallCompleted':
        if (event.data.attempt === attempt) end = { callId, attempt, outcome: 'answered', retryDueAt: null, terminal: true };
        else closed = true;
        break;
      case 'CallFailed':
        if (event.data.attempt === attempt) {
          const { outcome, willRetry } = event.data;
          end = { callId, attempt, outcome, retryDueAt: null, terminal: !willRetry };
        } else if (!event.data.willRetry) closed = true;
        break;
      case 'CallRetryScheduled':
        if (end && event.data.attempt === attempt + 1) end = { ...end, retryDueAt: event.data.dueAt };
        break;
      case 'CallCancelled':
        closed = true;
        break;
      case 'CallSkipped':
        if (event.data.attempt === attempt) end = { callId, attempt, outcome: 'skipped', retryDueAt: null, terminal: true, skipReason: event.data.reason };
        else closed = true;
        break;
      default:
        break;
    }
  }
  if (end) return { kind: 'ended', end };
  if (started) return { kind: 'in_flight' };
  if (closed) return { kind: 'ended', end: { callId, attempt, outcome: 'abandoned', retryDueAt: null, terminal: true } };
  return { kind: 'not_started' };
};

/**
 * An outcome event seen on a call stream, as the end of that attempt's dial. A failure that will be
 * retried is complete only with its `CallRetryScheduled` (appended with it), hence `retry`.
 */
export const dialEndFromOutcome = (
  callId: string,
  outcome: Extract<CallEvent, { type: 'CallCompleted' | 'CallFailed' }>,
  retry?: Extract<CallEvent, { type: 'CallRetryScheduled' }>,
): DialEnd | null => {
  if (outcome.type === 'CallCompleted') {
    return { callId, attempt: outcome.data.attempt, outcome: 'answered', retryDueAt: null, terminal: true };
  }
  const { attempt, willRetry } = outcome.data;
  if (!willRetry) return { callId, attempt, outcome: outcome.data.outcome, retryDueAt: null, terminal: true };
  if (!retry || retry.data.attempt !== attempt + 1) return null;
  return { callId, attempt, outcome: outcome.data.outcome, retryDueAt: retry.data.dueAt, terminal: false };
};

/** The ends that free a slot of this state: one per dial in flight, duplicates and stale ones dropped. */
export const endsToRecord = (state: DialerState, ends: readonly DialEnd[]): DialEnded[] => {
  const seen = new Set<string>();
  return ends.flatMap((end): DialEnded[] => {
    const dial = state.inFlight.get(end.callId);
    if (!dial || dial.attempt !== end.attempt || seen.has(end.callId)) return [];
    seen.add(end.callId);
    return [{ type: 'DialEnded', data: end }];
  });
};
