import type { CallEvent } from '../../../../src/domain/call/call.events.js';
import { attemptStatus, dialEndFromOutcome, endsToRecord } from '../../../../src/domain/dialer/dial-outcome.js';
import { attemptDeadline, dueTimeouts, nextTimeoutAt } from '../../../../src/domain/dialer/dial-timeouts.js';
import { added, calls, created, dialStarted, given, started } from './dialer.fixtures.js';

const DUE = '2026-11-23T10:05:00.000Z';
const scheduled: CallEvent = { type: 'CallScheduled', data: { callId: 'k', campaignId: 'c-1', phoneNumber: '+14155550100' } };
const attempted = (attempt: number): CallEvent => ({ type: 'CallAttempted', data: { attempt } });
const busy = (attempt: number, willRetry: boolean): CallEvent => ({
  type: 'CallFailed',
  data: { attempt, outcome: 'busy', providerCallId: 'p', willRetry },
});
const retry = (attempt: number): CallEvent => ({ type: 'CallRetryScheduled', data: { attempt, dueAt: DUE } });
const answered = (attempt: number): CallEvent => ({ type: 'CallCompleted', data: { attempt, providerCallId: 'p', durationMs: 10 } });

describe('attemptStatus: what a call stream says about one attempt', () => {
  it.each([
    ['no stream yet', [], 1, { kind: 'not_started' }],
    ['scheduled only', [scheduled], 1, { kind: 'not_started' }],
    ['attempted, no outcome', [scheduled, attempted(1)], 1, { kind: 'in_flight' }],
    ['answered', [scheduled, attempted(1), answered(1)], 1, { kind: 'ended', end: { callId: 'k', attempt: 1, outcome: 'answered', retryDueAt: null, terminal: true } }],
    ['busy, retry due', [scheduled, attempted(1), busy(1, true), retry(2)], 1, { kind: 'ended', end: { callId: 'k', attempt: 1, outcome: 'busy', retryDueAt: DUE, terminal: false } }],
    ['busy, retries exhausted', [scheduled, attempted(1), busy(1, false)], 1, { kind: 'ended', end: { callId: 'k', attempt: 1, outcome: 'busy', retryDueAt: null, terminal: true } }],
    ['retry not started yet', [scheduled, attempted(1), busy(1, true), retry(2)], 2, { kind: 'not_started' }],
    ['cancelled before the retry', [scheduled, attempted(1), busy(1, true), retry(2), { type: 'CallCancelled', data: { reason: 'x' } }], 2, { kind: 'ended', end: { callId: 'k', attempt: 2, outcome: 'abandoned', retryDueAt: null, terminal: true } }],
  ] as const)('%s', (_case, events, attempt, expected) => {
    expect(attemptStatus('k', events as readonly CallEvent[], attempt)).toEqual(expected);
  });
});

describe('dialEndFromOutcome', () => {
  it('needs the scheduled retry to end a failure that will be retried', () => {
    expect(dialEndFromOutcome('k', busy(1, true) as never)).toBeNull();
    expect(dialEndFromOutcome('k', busy(1, true) as never, retry(2) as never)).toMatchObject({ retryDueAt: DUE, terminal: false });
    expect(dialEndFromOutcome('k', answered(3) as never)).toMatchObject({ attempt: 3, outcome: 'answered', terminal: true });
  });
});

describe('endsToRecord', () => {
  it('keeps one end per dial in flight and drops the rest', () => {
    const [a, b] = calls(2) as [ReturnType<typeof calls>[number], ReturnType<typeof calls>[number]];
    const state = given(created(), added([a, b]), started, dialStarted(a));
    const end = { callId: a.callId, attempt: 1, outcome: 'answered' as const, retryDueAt: null, terminal: true };
    expect(endsToRecord(state, [end, end, { ...end, callId: b.callId }, { ...end, attempt: 2 }])).toEqual([{ type: 'DialEnded', data: end }]);
  });
});

describe('timeouts: the ring clock, then the conversation clock', () => {
  const limits = { ringMs: 1_000, maxDurationMs: 10_000 };
  const ringing = { callId: 'a', attempt: 1, startedAtMs: 1_000, confirmed: true, answeredAtMs: null };
  const unconfirmed = { callId: 'b', attempt: 1, startedAtMs: 2_000, confirmed: false, answeredAtMs: null };
  const answered = { callId: 'c', attempt: 1, startedAtMs: 1_000, confirmed: true, answeredAtMs: 1_500 };

  it('an attempt not answered is due CALL_TIMEOUT_MS after it started', () => {
    expect(dueTimeouts([ringing, unconfirmed], 1_999, limits).map((c) => c.callId)).toEqual([]);
    expect(dueTimeouts([ringing, unconfirmed], 2_000, limits).map((c) => c.callId)).toEqual(['a']);
    expect(nextTimeoutAt([ringing, unconfirmed], limits)).toBe(2_000);
    expect(nextTimeoutAt([], limits)).toBeNull();
  });

  it('an answered attempt outlives the ring time: only CALL_MAX_DURATION_MS after the answer ends it', () => {
    expect(attemptDeadline(answered, limits)).toEqual({ clock: 'conversation', atMs: 11_500 });
    expect(dueTimeouts([answered], 11_499, limits)).toEqual([]);
    expect(dueTimeouts([answered], 11_500, limits)).toEqual([answered]);
    expect(nextTimeoutAt([answered, unconfirmed], limits)).toBe(3_000);
    expect(attemptDeadline(ringing, limits)).toEqual({ clock: 'ring', atMs: 2_000 });
  });
});
