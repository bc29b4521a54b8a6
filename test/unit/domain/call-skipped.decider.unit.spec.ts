import { callDecider } from '../../../src/domain/call/call.decider.js';
import type { SkipReason } from '../../../src/domain/call/call.events.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../../../src/domain/shared/errors.js';
import { deciderSpec } from '../../support/given-when-then.js';
import { callHistory, policy, T0 } from './call.fixtures.js';

const { given } = deciderSpec(callDecider);

describe('call decider: SkipCall', () => {
  it.each(['dnc', 'opted_out'] as const)('skips a never-attempted call (%s) in place of its first attempt', (reason: SkipReason) => {
    const { callId, at } = callHistory();
    const state = given(at.pending)
      .when({ type: 'SkipCall', callId, attempt: 1, reason })
      .then([{ type: 'CallSkipped', data: { attempt: 1, reason } }]);
    expect(state).toMatchObject({ status: 'skipped', skipReason: reason, attempt: 0 });
  });

  it('skips a pending retry, before it is due, keeping the last outcome', () => {
    const { callId, at } = callHistory();
    const state = given(at.retryScheduled)
      .when({ type: 'SkipCall', callId, attempt: 2, reason: 'dnc' })
      .then([{ type: 'CallSkipped', data: { attempt: 2, reason: 'dnc' } }]);
    expect(state).toMatchObject({ status: 'skipped', skipReason: 'dnc', lastOutcome: 'busy', attempt: 1 });
  });

  it('refuses while an attempt is in flight: its outcome must land first', () => {
    const { callId, at } = callHistory();
    given(at.inProgress).when({ type: 'SkipCall', callId, attempt: 2, reason: 'dnc' }).thenThrows(IllegalStateError, 'in flight');
  });

  it('refuses to skip an attempt other than the next', () => {
    const { callId, at } = callHistory();
    given(at.pending).when({ type: 'SkipCall', callId, attempt: 2, reason: 'dnc' }).thenThrows(IllegalStateError, 'next is 1');
    given(at.retryScheduled).when({ type: 'SkipCall', callId, attempt: 1, reason: 'dnc' }).thenThrows(IllegalStateError, 'next is 2');
  });

  it.each(['skipped', 'completed', 'failed', 'cancelled'] as const)('is a no-op once %s', (status) => {
    const { callId, at } = callHistory();
    given(at[status]).when({ type: 'SkipCall', callId, attempt: 1, reason: 'opted_out' }).thenNothing();
  });

  it('ends the call: no attempt may start after a skip, and a late outcome changes nothing', () => {
    const { callId, at } = callHistory();
    given(at.skipped).when({ type: 'StartAttempt', callId, attempt: 1, now: T0 }).thenThrows(IllegalStateError, 'skipped');
    given(at.skipped).when({ type: 'CancelCall', callId, reason: 'x' }).thenNothing();
    given(at.skipped)
      .when({ type: 'RecordOutcome', callId, attempt: 1, outcome: 'busy', providerCallId: null, retryPolicy: policy, now: T0 })
      .thenThrows(IllegalStateError, 'never started');
  });

  it('validates the attempt and the reason', () => {
    const { callId, at } = callHistory();
    given(at.pending).when({ type: 'SkipCall', callId, attempt: 0, reason: 'dnc' }).thenThrows(ValidationError, 'attempt');
    given(at.pending)
      .when({ type: 'SkipCall', callId, attempt: 1, reason: 'busy' as SkipReason })
      .thenThrows(ValidationError, 'reason');
  });

  it('is not found for an unknown call', () => {
    given([]).when({ type: 'SkipCall', callId: 'nope', attempt: 1, reason: 'dnc' }).thenThrows(NotFoundError);
  });
});
