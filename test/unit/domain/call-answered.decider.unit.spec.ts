import { callDecider } from '../../../src/domain/call/call.decider.js';
import type { CallEvent } from '../../../src/domain/call/call.events.js';
import { IllegalStateError } from '../../../src/domain/shared/errors.js';
import { deciderSpec } from '../../support/given-when-then.js';
import { callHistory, policy, T0 } from './call.fixtures.js';

const { given } = deciderSpec(callDecider);

const answer = (callId: string, attempt = 1) => ({ type: 'RecordAnswered' as const, callId, attempt, providerCallId: `p-${attempt}` });
const expire = (callId: string, clock: 'ring' | 'conversation', attempt = 1) =>
  ({ type: 'ExpireAttempt' as const, callId, attempt, clock, retryPolicy: policy, now: T0 });
const answered = (attempt = 1): CallEvent => ({ type: 'CallAnswered', data: { attempt, providerCallId: `p-${attempt}` } });

describe('call decider: the answer stops the ring clock (invariant 12)', () => {
  it('records the answer of the running attempt once', () => {
    const { callId, at } = callHistory();
    const state = given(at.inProgress).when(answer(callId)).then([answered()]);
    expect(state).toMatchObject({ status: 'in_progress', answered: true });
    given([...at.inProgress, answered()]).when(answer(callId)).thenNothing();
  });

  it('ignores a late answer of an ended or older attempt, and refuses one never started', () => {
    const { callId, at } = callHistory();
    given(at.completed).when(answer(callId)).thenNothing();
    given(at.secondAttempt).when(answer(callId, 1)).thenNothing();
    given(at.inProgress).when(answer(callId, 2)).thenThrows(IllegalStateError, 'never started');
  });

  it('times out an attempt nobody answered within the ring time, retried by policy', () => {
    const { callId, at } = callHistory();
    given(at.inProgress)
      .when(expire(callId, 'ring'))
      .then([
        { type: 'CallFailed', data: { attempt: 1, outcome: 'timeout', providerCallId: null, willRetry: true } },
        { type: 'CallRetryScheduled', data: { attempt: 2, dueAt: '2026-11-24T14:01:00.000Z' } },
      ]);
  });

  it('lets an answered conversation outlast the ring time: the ring clock running out changes nothing', () => {
    const { callId, at } = callHistory();
    given([...at.inProgress, answered()]).when(expire(callId, 'ring')).thenNothing();
  });

  it('ends a conversation past the maximum duration as answered, never as a failure to retry', () => {
    const { callId, at } = callHistory();
    const state = given([...at.inProgress, answered()])
      .when(expire(callId, 'conversation'))
      .then([{ type: 'CallCompleted', data: { attempt: 1, providerCallId: null, durationMs: null, endReason: 'max_duration' } }]);
    expect(state).toMatchObject({ status: 'completed', lastOutcome: 'answered' });
  });

  it('keeps an answered attempt answered when the provider then reports a failure (a dropped line)', () => {
    const { callId, at } = callHistory();
    given([...at.inProgress, answered()])
      .when({ type: 'RecordOutcome', callId, attempt: 1, outcome: 'error', providerCallId: 'p-1', retryPolicy: policy, now: T0 })
      .then([{ type: 'CallCompleted', data: { attempt: 1, providerCallId: 'p-1', durationMs: null, endReason: 'dropped' } }]);
  });

  it('changes nothing when the real final callback arrives after the maximum duration ended the call', () => {
    const { callId, at } = callHistory();
    const cut: CallEvent = { type: 'CallCompleted', data: { attempt: 1, providerCallId: null, durationMs: null, endReason: 'max_duration' } };
    const history = [...at.inProgress, answered(), cut];
    given(history)
      .when({ type: 'RecordOutcome', callId, attempt: 1, outcome: 'answered', providerCallId: 'p-1', durationMs: 5 * 3_600_000, retryPolicy: policy, now: T0 })
      .thenNothing();
    given(history).when(expire(callId, 'conversation')).thenNothing();
    given(history).when({ type: 'StartAttempt', callId, attempt: 2, now: T0 }).thenThrows(IllegalStateError, 'completed');
  });

  it('forgets the answer of the previous attempt: a retry rings again', () => {
    const { callId, at } = callHistory();
    const state = given(at.secondAttempt).when(expire(callId, 'ring', 2)).then([
      { type: 'CallFailed', data: { attempt: 2, outcome: 'timeout', providerCallId: null, willRetry: true } },
      { type: 'CallRetryScheduled', data: { attempt: 3, dueAt: '2026-11-24T14:02:00.000Z' } },
    ]);
    expect(state).toMatchObject({ answered: false });
  });
});
