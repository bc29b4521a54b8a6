import { callDecider } from '../../../src/domain/call/call.decider.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../../../src/domain/shared/errors.js';
import type { CallOutcome } from '../../../src/domain/call/call.events.js';
import { deciderSpec } from '../../support/given-when-then.js';
import { callHistory, policy, T0 } from './call.fixtures.js';

const { given } = deciderSpec(callDecider);

const outcome = (callId: string, attempt: number, result: CallOutcome, extra: object = {}) => ({
  type: 'RecordOutcome' as const,
  callId,
  attempt,
  outcome: result,
  providerCallId: `p-${attempt}`,
  retryPolicy: policy,
  now: T0,
  ...extra,
});

describe('call decider: RecordOutcome', () => {
  it('completes an answered call', () => {
    const { callId, at } = callHistory();
    const state = given(at.inProgress)
      .when(outcome(callId, 1, 'answered', { durationMs: 4_200 }))
      .then([{ type: 'CallCompleted', data: { attempt: 1, providerCallId: 'p-1', durationMs: 4_200 } }]);
    expect(state).toMatchObject({ status: 'completed', lastOutcome: 'answered' });
  });

  it.each(['busy', 'no_answer', 'timeout', 'error'] as const)('schedules a retry after %s', (result) => {
    const { callId, at } = callHistory();
    const state = given(at.inProgress)
      .when(outcome(callId, 1, result))
      .then([
        { type: 'CallFailed', data: { attempt: 1, outcome: result, providerCallId: 'p-1', willRetry: true } },
        { type: 'CallRetryScheduled', data: { attempt: 2, dueAt: '2026-11-24T14:01:00.000Z' } },
      ]);
    expect(state).toMatchObject({ status: 'retry_scheduled', lastOutcome: result, nextAttemptDueAt: '2026-11-24T14:01:00.000Z' });
  });

  it('backs off exponentially: the retry after attempt 2 waits twice as long', () => {
    const { callId, at } = callHistory();
    given(at.secondAttempt)
      .when(outcome(callId, 2, 'no_answer'))
      .then([
        { type: 'CallFailed', data: { attempt: 2, outcome: 'no_answer', providerCallId: 'p-2', willRetry: true } },
        { type: 'CallRetryScheduled', data: { attempt: 3, dueAt: '2026-11-24T14:02:00.000Z' } },
      ]);
  });

  it('fails the call once the retries are spent (1 + maxRetries attempts)', () => {
    const { callId, at } = callHistory();
    const third = [
      ...at.secondAttempt,
      { type: 'CallFailed' as const, data: { attempt: 2, outcome: 'busy' as const, providerCallId: null, willRetry: true } },
      { type: 'CallRetryScheduled' as const, data: { attempt: 3, dueAt: T0 } },
      { type: 'CallAttempted' as const, data: { attempt: 3 } },
    ];
    const state = given(third)
      .when(outcome(callId, 3, 'busy'))
      .then([{ type: 'CallFailed', data: { attempt: 3, outcome: 'busy', providerCallId: 'p-3', willRetry: false } }]);
    expect(state).toMatchObject({ status: 'failed', lastOutcome: 'busy', attempt: 3 });
  });

  it('never retries a rejected dial, nor anything when maxRetries is 0', () => {
    const { callId, at } = callHistory();
    given(at.inProgress)
      .when(outcome(callId, 1, 'rejected'))
      .then([{ type: 'CallFailed', data: { attempt: 1, outcome: 'rejected', providerCallId: 'p-1', willRetry: false } }]);
    given(at.inProgress)
      .when(outcome(callId, 1, 'busy', { retryPolicy: { ...policy, maxRetries: 0 } }))
      .then([{ type: 'CallFailed', data: { attempt: 1, outcome: 'busy', providerCallId: 'p-1', willRetry: false } }]);
  });

  it('is a no-op for a duplicate webhook or one for an older attempt', () => {
    const { callId, at } = callHistory();
    given(at.completed).when(outcome(callId, 1, 'answered')).thenNothing();
    given(at.completed).when(outcome(callId, 1, 'busy')).thenNothing();
    given(at.retryScheduled).when(outcome(callId, 1, 'timeout')).thenNothing();
    given(at.secondAttempt).when(outcome(callId, 1, 'answered')).thenNothing();
  });

  it('refuses an outcome for an attempt never started', () => {
    const { callId, at } = callHistory();
    given(at.pending).when(outcome(callId, 1, 'answered')).thenThrows(IllegalStateError, 'never started');
    given(at.inProgress).when(outcome(callId, 2, 'answered')).thenThrows(IllegalStateError, 'attempt 2');
  });

  it('names invalid fields', () => {
    const { callId, at } = callHistory();
    const error = given(at.inProgress)
      .when(outcome(callId, 1, 'hung_up' as CallOutcome, { durationMs: -5, retryPolicy: { ...policy, maxRetries: 99 } }))
      .thenThrows(ValidationError);
    expect(error.details.map((d) => d.field)).toEqual(['outcome', 'durationMs', 'retryPolicy.maxRetries']);
  });

  it('is not found for an unknown call', () => {
    given([]).when(outcome('nope', 1, 'answered')).thenThrows(NotFoundError);
  });
});
