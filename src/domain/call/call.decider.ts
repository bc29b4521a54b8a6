import { validateRetryPolicy } from '../campaign/campaign-config-validation.js';
import { isE164 } from '../phone/e164.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { IllegalStateError, NotFoundError, ValidationError, type FieldError } from '../shared/errors.js';
import { addMilliseconds, isAtOrBefore } from '../shared/instant.js';
import type { CallCommand, CancelCall, ExpireAttempt, RecordAnswered, RecordOutcome, ScheduleCall, SkipCall, StartAttempt } from './call.commands.js';
import { CALL_OUTCOMES, SKIP_REASONS, type CallEndReason, type CallEvent, type CallOutcome } from './call.events.js';
import { evolve, initialState } from './call.evolve.js';
import { isTerminalCall, type CallState, type ExistingCallState } from './call.state.js';
import { retryDelayMs, willRetry } from './retry-delay.js';

type Events = CallEvent[];

const throwIfInvalid = (errors: FieldError[]): void => {
  if (errors.length > 0) throw new ValidationError(errors);
};

const illegal = (state: ExistingCallState, action: string): IllegalStateError =>
  new IllegalStateError(`call ${state.callId} is ${state.status}; cannot ${action}`);

const validateAttempt = (attempt: number): FieldError[] =>
  Number.isInteger(attempt) && attempt >= 1 ? [] : [{ field: 'attempt', message: 'must be an integer ≥ 1' }];

const schedule = (command: ScheduleCall, state: CallState): Events => {
  const { callId, campaignId, phoneNumber } = command;
  if (state.status !== 'initial') {
    const same = state.campaignId === campaignId && state.phoneNumber === phoneNumber;
    if (same) return [];
    throw new IllegalStateError(`call ${callId} already exists`);
  }
  throwIfInvalid(isE164(phoneNumber) ? [] : [{ field: 'phoneNumber', message: 'must be an E.164 number' }]);
  return [{ type: 'CallScheduled', data: { callId, campaignId, phoneNumber } }];
};

/**
 * Attempts start in order, each once: a re-issued start of the current attempt is a no-op (the
 * dialer must dial only when this returned `CallAttempted`), a retry starts only once it is due.
 */
const startAttempt = (command: StartAttempt, state: ExistingCallState): Events => {
  const { attempt, now } = command;
  throwIfInvalid(validateAttempt(attempt));
  if (attempt === state.attempt) return [];
  if (isTerminalCall(state)) throw illegal(state, `start attempt ${attempt}`);
  if (state.status === 'in_progress') throw illegal(state, `start attempt ${attempt} while ${state.attempt} runs`);
  if (attempt !== state.attempt + 1) throw illegal(state, `start attempt ${attempt}; next is ${state.attempt + 1}`);
  if (state.status === 'retry_scheduled') {
    const dueAt = state.nextAttemptDueAt;
    if (dueAt === null || !isAtOrBefore(dueAt, now)) {
      throw illegal(state, `start attempt ${attempt} before it is due at ${dueAt ?? 'an unknown time'}`);
    }
  }
  return [{ type: 'CallAttempted', data: { attempt, ...(command.rate ? { rate: command.rate } : {}) } }];
};

const validateOutcome = (command: RecordOutcome): FieldError[] => [
  ...validateAttempt(command.attempt),
  ...((CALL_OUTCOMES as readonly string[]).includes(command.outcome)
    ? []
    : [{ field: 'outcome', message: `must be one of ${CALL_OUTCOMES.join(', ')}` }]),
  ...(command.durationMs == null || (Number.isFinite(command.durationMs) && command.durationMs >= 0)
    ? []
    : [{ field: 'durationMs', message: 'must be a non-negative number' }]),
  ...validateRetryPolicy(command.retryPolicy),
];

/** The attempt outcome is not in yet: the attempt is current and still running. */
const isRunning = (state: ExistingCallState, attempt: number): boolean => attempt === state.attempt && state.status === 'in_progress';

const completed = (attempt: number, providerCallId: string | null, durationMs: number | null, endReason?: CallEndReason): Events => [
  { type: 'CallCompleted', data: { attempt, providerCallId, durationMs, ...(endReason ? { endReason } : {}) } },
];

const failed = (attempt: number, outcome: Exclude<CallOutcome, 'answered'>, providerCallId: string | null, policy: RecordOutcome['retryPolicy'], now: string): Events => {
  const retry = willRetry(policy, attempt, outcome);
  const events: Events = [{ type: 'CallFailed', data: { attempt, outcome, providerCallId, willRetry: retry } }];
  if (!retry) return events;
  return [...events, { type: 'CallRetryScheduled', data: { attempt: attempt + 1, dueAt: addMilliseconds(now, retryDelayMs(policy, attempt)) } }];
};

/**
 * Webhooks arrive late, twice or out of order: an outcome for an attempt that already has one, or for
 * an older attempt, changes nothing. Only an outcome for an attempt never started is an error. Once
 * answered, a failure the provider reports (a dropped line) still ends the attempt answered:
 * invariant 12, a person who was reached is never dialed again.
 */
const recordOutcome = (command: RecordOutcome, state: ExistingCallState): Events => {
  throwIfInvalid(validateOutcome(command));
  const { attempt, outcome, providerCallId, retryPolicy, now } = command;
  if (attempt > state.attempt) throw illegal(state, `record an outcome for attempt ${attempt}, never started`);
  if (!isRunning(state, attempt)) return [];
  const durationMs = command.durationMs ?? null;
  if (outcome === 'answered') return completed(attempt, providerCallId, durationMs);
  if (state.answered) return completed(attempt, providerCallId, durationMs, 'dropped');
  return failed(attempt, outcome, providerCallId, retryPolicy, now);
};

/** Ringing and duplicates change nothing; the first `answered` of the running attempt is recorded once. */
const recordAnswered = (command: RecordAnswered, state: ExistingCallState): Events => {
  const { attempt, providerCallId } = command;
  throwIfInvalid(validateAttempt(attempt));
  if (attempt > state.attempt) throw illegal(state, `record an answer for attempt ${attempt}, never started`);
  if (!isRunning(state, attempt) || state.answered) return [];
  return [{ type: 'CallAnswered', data: { attempt, providerCallId } }];
};

/**
 * A dialer clock ran out. Unanswered, the attempt is a `timeout` (retried by policy). Answered, the
 * ring clock no longer applies (the dialer had not seen the answer yet): nothing; the conversation
 * clock ends it as answered, cut at the maximum duration — never as unanswered, never re-dialed.
 */
const expireAttempt = (command: ExpireAttempt, state: ExistingCallState): Events => {
  const { attempt, clock, retryPolicy, now } = command;
  throwIfInvalid([...validateAttempt(attempt), ...validateRetryPolicy(retryPolicy)]);
  if (attempt > state.attempt) throw illegal(state, `time out attempt ${attempt}, never started`);
  if (!isRunning(state, attempt)) return [];
  if (!state.answered) return failed(attempt, 'timeout', null, retryPolicy, now);
  return clock === 'conversation' ? completed(attempt, null, null, 'max_duration') : [];
};

/**
 * A dial in flight cannot be taken back: cancelling then is a conflict, and the caller cancels again
 * once the outcome is in (a retry it scheduled is still cancellable). A finished call stays as it ended.
 */
const cancel = (command: CancelCall, state: ExistingCallState): Events => {
  if (isTerminalCall(state)) return [];
  if (state.status === 'in_progress') throw illegal(state, `cancel while attempt ${state.attempt} is in flight`);
  return [{ type: 'CallCancelled', data: { reason: command.reason } }];
};

/**
 * Skipping takes the place of the next attempt, so it is decided like one: never while an attempt is
 * in flight (its outcome comes first), only for the attempt that is next. A call already ended, by a
 * skip or otherwise, stays as it ended; a repeated skip is a no-op.
 */
const skip = (command: SkipCall, state: ExistingCallState): Events => {
  const { attempt, reason } = command;
  throwIfInvalid([
    ...validateAttempt(attempt),
    ...((SKIP_REASONS as readonly string[]).includes(reason) ? [] : [{ field: 'reason', message: `must be one of ${SKIP_REASONS.join(', ')}` }]),
  ]);
  if (isTerminalCall(state)) return [];
  if (state.status === 'in_progress') throw illegal(state, `skip while attempt ${state.attempt} is in flight`);
  if (attempt !== state.attempt + 1) throw illegal(state, `skip attempt ${attempt}; next is ${state.attempt + 1}`);
  return [{ type: 'CallSkipped', data: { attempt, reason } }];
};

export const decide = (command: CallCommand, state: CallState): Events => {
  if (command.type === 'ScheduleCall') return schedule(command, state);
  if (state.status === 'initial') throw new NotFoundError(`call ${command.callId} not found`);
  switch (command.type) {
    case 'StartAttempt':
      return startAttempt(command, state);
    case 'RecordAnswered':
      return recordAnswered(command, state);
    case 'RecordOutcome':
      return recordOutcome(command, state);
    case 'ExpireAttempt':
      return expireAttempt(command, state);
    case 'CancelCall':
      return cancel(command, state);
    case 'SkipCall':
      return skip(command, state);
    default:
      return assertNever(command, 'call command');
  }
};

export const callDecider: Decider<CallState, CallCommand, CallEvent> = { initialState, evolve, decide };
