import { campaignEnd, isDone, isFinished, retriesToCancel } from '../../../../src/domain/dialer/dial-completion.js';
import { foldDialer, withoutRetry } from '../../../../src/domain/dialer/dialer.evolve.js';
import { neverAttemptedCount } from '../../../../src/domain/dialer/dialer.state.js';
import {
  added, busyThenRetry, calls, cancelled, created, dialEnded, dialStarted, given, MONDAY_10, MONDAY_NIGHT, paused, started,
} from './dialer.fixtures.js';

type Call = ReturnType<typeof calls>[number];
const DUE = '2026-11-23T10:05:00.000Z';

describe('the dialer fold', () => {
  const [a, b, c] = calls(3) as [Call, Call, Call];

  it('tracks dials in flight, retries and terminal counts', () => {
    const state = given(
      created(), added([a, b, c]), started,
      dialStarted(a), dialStarted(b), dialStarted(c),
      dialEnded(a, 1, 'answered'), dialEnded(b, 1, 'rejected'), dialEnded(c, 1, 'busy', DUE),
    );
    expect(state.inFlight.size).toBe(0);
    expect([...state.retries.values()]).toEqual([{ callId: c.callId, attempt: 2, phoneNumber: c.phoneNumber, order: 2, dueAt: DUE, waitingFor: 'retry_delay' }]);
    expect({ completed: state.completed, failed: state.failed, neverAttempted: neverAttemptedCount(state) }).toEqual({ completed: 1, failed: 1, neverAttempted: 0 });
  });

  it('ignores an end that does not match the dial in flight (stale or repeated)', () => {
    const state = given(created(), added([a]), started, dialStarted(a), dialEnded(a, 2, 'answered'));
    expect(state.inFlight.get(a.callId)?.attempt).toBe(1);
    const once = foldDialer(state, [dialEnded(a, 1, 'answered')]);
    expect(foldDialer(once, [dialEnded(a, 1, 'answered')])).toMatchObject({ completed: 1, failed: 0 });
  });

  it('remembers who took the campaign over last', () => {
    const state = given(created(), { type: 'DialerLeaseAcquired', data: { owner: 'w1' } }, { type: 'DialerLeaseAcquired', data: { owner: 'w2' } });
    expect(state.owner).toBe('w2');
  });

  it('leaves the state it folds from untouched', () => {
    const before = given(created(), added([a, b]), started, dialStarted(a));
    const after = foldDialer(before, [dialEnded(a, 1, 'busy', DUE), dialStarted(b), added([c])]);
    expect(before.inFlight.size).toBe(1);
    expect(before.retries.size).toBe(0);
    expect(before.queue.length).toBe(2);
    expect(after.inFlight.size).toBe(1);
    expect(after.queue.length).toBe(3);
  });

  it('keeps dials started out of order correct: skipped calls stay never-attempted', () => {
    const state = given(created(), added([a, b, c]), started, dialStarted(c));
    expect(state.requeued).toEqual([0, 1]);
    expect(neverAttemptedCount(state)).toBe(2);
  });

  it('queues a single call once however often it is scheduled', () => {
    const scheduled = { type: 'CallScheduled' as const, data: { ...a, campaignId: null } };
    expect(given(scheduled, scheduled, dialStarted(a), scheduled).queue.length).toBe(1);
  });
});

describe('completion', () => {
  const [a, b] = calls(2) as [Call, Call];
  const allDone = [created(), added([a, b]), started, dialStarted(a), dialStarted(b), dialEnded(a, 1, 'answered'), dialEnded(b, 1, 'rejected')];

  it('completes once every call ended for good, with the counts', () => {
    expect(isFinished(given(allDone))).toBe(true);
    expect(campaignEnd(given(allDone), MONDAY_10)).toEqual({ type: 'complete', completed: 1, failed: 1, skipped: 0 });
  });

  it('reports every call failed as failed with none completed (the campaign decider makes that CampaignFailed)', () => {
    const failed = given(created(), added([a, b]), started, dialStarted(a), dialStarted(b), dialEnded(a, 1, 'busy'), dialEnded(b, 1, 'rejected'));
    expect(campaignEnd(failed, MONDAY_10)).toEqual({ type: 'complete', completed: 0, failed: 2, skipped: 0 });
  });

  it('never completes a campaign without calls, nor one that already ended', () => {
    expect(campaignEnd(given(created(), started), MONDAY_10)).toBeNull();
    expect(campaignEnd(given(allDone, { type: 'CampaignCompleted', data: { completed: 1, failed: 1 } }), MONDAY_10)).toBeNull();
  });

  it('completes a paused campaign whose last dials ended', () => {
    expect(campaignEnd(given(allDone, paused), MONDAY_10)).toMatchObject({ type: 'complete' });
  });

  it.each([
    ['a dial is in flight', [created(), added([a, b]), started, dialStarted(a), dialStarted(b), dialEnded(a, 1, 'answered')]],
    ['a retry is pending', [created(), added([a, b]), started, dialStarted(a), dialStarted(b), dialEnded(a, 1, 'answered'), busyThenRetry(b, 1, DUE)].flat()],
    ['a call was never attempted', [created(), added([a, b]), started, dialStarted(a), dialEnded(a, 1, 'answered')]],
    ['the campaign was cancelled', [...allDone.slice(0, 5), cancelled]],
  ])('does not complete while %s', (_why, history) => {
    expect(isFinished(given(history))).toBe(false);
  });

  it('fails a running campaign whose schedule can never open', () => {
    const never = given(created({ schedule: { timezone: 'UTC', windows: [], blackoutDates: [] } }), added([a]), started);
    expect(campaignEnd(never, MONDAY_NIGHT)).toEqual({ type: 'fail', reason: 'the schedule never opens again', completed: 0, failed: 0, skipped: 0 });
    expect(campaignEnd(given(created(), added([a]), started), MONDAY_NIGHT)).toBeNull();
  });

  it('after a cancel, cancels pending retries and is done once dials in flight ended', () => {
    const state = given(created(), added([a, b]), started, busyThenRetry(a, 1, DUE), dialStarted(b), cancelled);
    expect(retriesToCancel(state)).toEqual([a.callId]);
    expect(isDone(state)).toBe(false);
    const settled = withoutRetry(foldDialer(state, [dialEnded(b, 1, 'answered')]), a.callId);
    expect(retriesToCancel(settled)).toEqual([]);
    expect(isDone(settled)).toBe(true);
    expect(retriesToCancel(given(created(), added([a]), started, busyThenRetry(a, 1, DUE)))).toEqual([]);
  });
});
