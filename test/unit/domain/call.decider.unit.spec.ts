import { callDecider } from '../../../src/domain/call/call.decider.js';
import { retryDelayMs } from '../../../src/domain/call/retry-delay.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../../../src/domain/shared/errors.js';
import { deciderSpec } from '../../support/given-when-then.js';
import { callHistory, policy, T0 } from './call.fixtures.js';

const { given } = deciderSpec(callDecider);

describe('call decider: ScheduleCall', () => {
  it('schedules a call of a campaign, or one outside any campaign', () => {
    const { callId, campaignId, phoneNumber } = callHistory();
    const state = given([])
      .when({ type: 'ScheduleCall', callId, campaignId, phoneNumber })
      .then([{ type: 'CallScheduled', data: { callId, campaignId, phoneNumber } }]);
    expect(state).toMatchObject({ status: 'pending', attempt: 0, lastOutcome: null });
    given([])
      .when({ type: 'ScheduleCall', callId, campaignId: null, phoneNumber })
      .then([{ type: 'CallScheduled', data: { callId, campaignId: null, phoneNumber } }]);
  });

  it('is a no-op when the same call is scheduled again', () => {
    const { callId, campaignId, phoneNumber, at } = callHistory();
    given(at.inProgress).when({ type: 'ScheduleCall', callId, campaignId, phoneNumber }).thenNothing();
  });

  it('rejects another call under an existing id', () => {
    const { callId, campaignId, at } = callHistory();
    given(at.pending)
      .when({ type: 'ScheduleCall', callId, campaignId, phoneNumber: '+442071838750' })
      .thenThrows(IllegalStateError, 'already exists');
  });

  it('rejects a number that is not E.164', () => {
    const { callId } = callHistory();
    given([])
      .when({ type: 'ScheduleCall', callId, campaignId: null, phoneNumber: '415-555-0123' })
      .thenThrows(ValidationError, 'phoneNumber');
  });
});

describe('call decider: StartAttempt', () => {
  it('starts the first attempt of a pending call', () => {
    const { callId, at } = callHistory();
    const state = given(at.pending)
      .when({ type: 'StartAttempt', callId, attempt: 1, now: T0 })
      .then([{ type: 'CallAttempted', data: { attempt: 1 } }]);
    expect(state).toMatchObject({ status: 'in_progress', attempt: 1 });
  });

  it('starts a retry once due, at the due instant or later', () => {
    const { callId, dueAt, at } = callHistory();
    given(at.retryScheduled)
      .when({ type: 'StartAttempt', callId, attempt: 2, now: dueAt })
      .then([{ type: 'CallAttempted', data: { attempt: 2 } }]);
    given(at.retryScheduled)
      .when({ type: 'StartAttempt', callId, attempt: 2, now: '2026-11-24T15:00:00.000Z' })
      .then([{ type: 'CallAttempted', data: { attempt: 2 } }]);
  });

  it('refuses a retry that is not due yet', () => {
    const { callId, dueAt, at } = callHistory();
    given(at.retryScheduled)
      .when({ type: 'StartAttempt', callId, attempt: 2, now: '2026-11-24T14:00:59.999Z' })
      .thenThrows(IllegalStateError, `before it is due at ${dueAt}`);
  });

  it('is a no-op when the same attempt was already started, whatever happened since', () => {
    const { callId, at } = callHistory();
    given(at.inProgress).when({ type: 'StartAttempt', callId, attempt: 1, now: T0 }).thenNothing();
    given(at.completed).when({ type: 'StartAttempt', callId, attempt: 1, now: T0 }).thenNothing();
    given(at.secondAttempt).when({ type: 'StartAttempt', callId, attempt: 2, now: T0 }).thenNothing();
  });

  it('refuses an attempt out of order', () => {
    const { callId, at } = callHistory();
    given(at.pending).when({ type: 'StartAttempt', callId, attempt: 2, now: T0 }).thenThrows(IllegalStateError, 'next is 1');
    given(at.inProgress).when({ type: 'StartAttempt', callId, attempt: 2, now: T0 }).thenThrows(IllegalStateError, 'while 1 runs');
    given(at.secondAttempt).when({ type: 'StartAttempt', callId, attempt: 1, now: T0 }).thenThrows(IllegalStateError);
    given(at.retryScheduled).when({ type: 'StartAttempt', callId, attempt: 3, now: T0 }).thenThrows(IllegalStateError, 'next is 2');
  });

  it.each(['completed', 'failed', 'cancelled'] as const)('refuses a new attempt once %s', (status) => {
    const { callId, at } = callHistory();
    given(at[status]).when({ type: 'StartAttempt', callId, attempt: 2, now: T0 }).thenThrows(IllegalStateError, status);
  });

  it('names an invalid attempt number', () => {
    const { callId, at } = callHistory();
    given(at.pending).when({ type: 'StartAttempt', callId, attempt: 0, now: T0 }).thenThrows(ValidationError, 'attempt');
  });

  it('is not found for an unknown call', () => {
    given([]).when({ type: 'StartAttempt', callId: 'nope', attempt: 1, now: T0 }).thenThrows(NotFoundError, 'nope');
  });
});

describe('call decider: CancelCall', () => {
  it.each(['pending', 'retryScheduled'] as const)('cancels a %s call', (status) => {
    const { callId, at } = callHistory();
    const state = given(at[status])
      .when({ type: 'CancelCall', callId, reason: 'campaign cancelled' })
      .then([{ type: 'CallCancelled', data: { reason: 'campaign cancelled' } }]);
    expect(state.status).toBe('cancelled');
  });

  it('refuses while an attempt is in flight: its outcome must land first', () => {
    const { callId, at } = callHistory();
    given(at.inProgress).when({ type: 'CancelCall', callId, reason: 'x' }).thenThrows(IllegalStateError, 'in flight');
  });

  it.each(['completed', 'failed', 'cancelled'] as const)('is a no-op once %s', (status) => {
    const { callId, at } = callHistory();
    given(at[status]).when({ type: 'CancelCall', callId, reason: 'x' }).thenNothing();
  });

  it('is not found for an unknown call', () => {
    given([]).when({ type: 'CancelCall', callId: 'nope', reason: 'x' }).thenThrows(NotFoundError);
  });
});

describe('retryDelayMs', () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [7, 3_600_000],
  ])('after attempt %i waits %i ms (exponential, capped)', (attempt, delay) => {
    expect(retryDelayMs(policy, attempt)).toBe(delay);
  });

  it('rounds fractional multipliers to whole milliseconds', () => {
    expect(retryDelayMs({ ...policy, initialDelayMs: 1_000, backoffMultiplier: 1.5 }, 3)).toBe(2_250);
    expect(retryDelayMs({ ...policy, initialDelayMs: 1, backoffMultiplier: 1.5 }, 2)).toBe(2);
  });
});
