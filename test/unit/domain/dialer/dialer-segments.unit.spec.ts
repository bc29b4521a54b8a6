import { carryOf } from '../../../../src/domain/dialer/dialer-segments.js';
import { foldDialer } from '../../../../src/domain/dialer/dialer.evolve.js';
import { initialSingleCallsState, neverAttemptedCount, type DialerState } from '../../../../src/domain/dialer/dialer.state.js';
import { busyThenRetry, calls, dialEnded, dialsOf, dialStarted } from './dialer.fixtures.js';

const SINGLE = { schedule: null, maxConcurrentCalls: 3, retryPolicy: { maxRetries: 2, initialDelayMs: 1_000, backoffMultiplier: 1, maxDelayMs: 1_000 } };
const NOW = '2026-11-23T10:00:00.000Z';
const LATER = '2026-11-23T10:05:00.000Z';

const singles = (...events: Parameters<typeof foldDialer>[1]): DialerState => foldDialer(initialSingleCallsState('single', SINGLE), events);
const reopened = (state: DialerState): DialerState =>
  foldDialer(initialSingleCallsState('single', SINGLE), [{ type: 'DialerSegmentOpened', data: { segment: 1, carried: carryOf(state) } }]);

describe('dialer stream segments: a new segment starts from the carried state', () => {
  const [done1, done2, inFlight, retryLate, retryEarly, fresh1, fresh2] = calls(7) as [ReturnType<typeof calls>[number], ...ReturnType<typeof calls>];
  const queued = [done1, done2, inFlight, retryLate, retryEarly, fresh1!, fresh2!].map((c) => ({ type: 'CallScheduled' as const, data: { ...c!, campaignId: null } }));
  const history = singles(
    ...queued,
    { type: 'DialerLeaseAcquired', data: { owner: 'worker-a' } },
    dialStarted(done1!), dialEnded(done1!, 1, 'answered'),
    dialStarted(done2!), dialEnded(done2!, 1, 'rejected'),
    ...busyThenRetry(retryLate!, 1, '2026-11-23T10:00:02.000Z'),
    ...busyThenRetry(retryEarly!, 1, '2026-11-23T10:00:01.000Z'),
    dialStarted(inFlight!),
  );

  it('keeps what is open — dials in flight, retries with their due dates, never-attempted calls, owner and counts — and drops what ended', () => {
    const state = reopened(history);
    expect([...state.inFlight.keys()]).toEqual([inFlight!.callId]);
    // Waiting calls iterate in due order.
    expect([...state.retries.values()].map((r) => [r.callId, r.attempt, r.dueAt])).toEqual([
      [retryEarly!.callId, 2, '2026-11-23T10:00:01.000Z'],
      [retryLate!.callId, 2, '2026-11-23T10:00:02.000Z'],
    ]);
    expect(neverAttemptedCount(state)).toBe(2);
    expect({ completed: state.completed, failed: state.failed, owner: state.owner }).toEqual({ completed: 1, failed: 1, owner: 'worker-a' });
    expect(state.queue.length).toBe(5);
  });

  it('decides exactly as the full history would: the same dials, retries first, in the same order', () => {
    for (const now of [NOW, LATER]) expect(dialsOf(reopened(history), now)).toEqual(dialsOf(history, now));
    const ended = foldDialer(history, [dialEnded(inFlight!, 1, 'answered')]);
    expect(dialsOf(reopened(ended), LATER)).toEqual(dialsOf(ended, LATER));
  });

  it('is carried again unchanged by the next segment', () => {
    expect(carryOf(reopened(reopened(history)))).toEqual(carryOf(history));
  });
});
