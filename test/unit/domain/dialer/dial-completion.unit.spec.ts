import type { CampaignEvent } from '../../../../src/domain/campaign/campaign.events.js';
import { campaignEnd, isDone, isFinished, retriesToCancel } from '../../../../src/domain/dialer/dial-completion.js';
import { initialDialerState, type DialerState } from '../../../../src/domain/dialer/dialer.state.js';
import { withWaiting } from '../../../../src/domain/dialer/waiting-calls.js';
import {
  type Call,
  added, busyThenRetry, calls, cancelled, created, dialEnded, dialStarted, given, MONDAY_10, MONDAY_NIGHT, paused, started,
} from './dialer.fixtures.js';

const DUE = '2026-11-23T10:05:00.000Z';
const NEVER_OPEN = { timezone: 'UTC', windows: [], blackoutDates: [] };
const completed: CampaignEvent = { type: 'CampaignCompleted', data: { completed: 0, failed: 0 } };
const failed: CampaignEvent = { type: 'CampaignFailed', data: { reason: 'x', completed: 0, failed: 0 } } as CampaignEvent;
const deleted: CampaignEvent = { type: 'CampaignDeleted', data: {} } as CampaignEvent;
const removed = (x: Call): CampaignEvent => ({ type: 'CampaignNumberRemoved', data: { callId: x.callId, phoneNumber: x.phoneNumber } });

describe('when a dialer is done with its campaign (its lease can be released)', () => {
  const [a, b] = calls(2) as [Call, Call];
  const inFlight = [created(), added([a, b]), started, dialStarted(a)];
  const idle = [created(), added([a]), started, dialStarted(a), dialEnded(a, 1, 'answered')];
  const waiting = [created(), added([a]), started, busyThenRetry(a, 1, DUE)].flat();

  it.each([
    ['never created', true, []],
    ['pending', true, [created(), added([a])]],
    ['completed, nothing in flight', true, [...idle, completed]],
    ['completed, a dial still in flight', false, [...inFlight, completed]],
    ['failed, nothing in flight', true, [...idle, failed]],
    ['failed, a dial still in flight', false, [...inFlight, failed]],
    ['deleted, nothing in flight', true, [...idle, deleted]],
    ['deleted, a dial still in flight', false, [...inFlight, deleted]],
    ['cancelled, nothing in flight or waiting', true, [...idle, cancelled]],
    ['cancelled, a dial still in flight', false, [...inFlight, cancelled]],
    ['cancelled, a retry not yet cancelled', false, [...waiting, cancelled]],
    ['running, even with nothing in flight or waiting', false, idle],
    ['paused, even with nothing in flight or waiting', false, [...idle, paused]],
  ])('%s: done %s', (_, done, history) => {
    expect(isDone(history.length === 0 ? initialDialerState('c-1') : given(history))).toBe(done);
  });
});

describe('which retries a decision cancels', () => {
  const [a, b, c] = calls(3) as [Call, Call, Call];

  it('after a cancel, every pending retry', () => {
    const state = given(created(), added([a, b, c]), started, busyThenRetry(a, 1, DUE), busyThenRetry(b, 1, DUE), cancelled);
    expect(retriesToCancel(state).sort()).toEqual([a.callId, b.callId].sort());
  });

  it('while running, only the retry a removed number\'s last attempt asked for, not the other calls\' retries', () => {
    const state = given(created(), added([a, b, c]), started, dialStarted(a), busyThenRetry(b, 1, DUE), dialStarted(c), removed(a), dialEnded(a, 1, 'busy', DUE));
    expect(state.retries.size).toBe(2);
    expect(retriesToCancel(state)).toEqual([a.callId]);
    // A removed number that is not waiting asks for nothing.
    expect(retriesToCancel(given(created(), added([a, b, c]), started, busyThenRetry(b, 1, DUE), dialStarted(c), removed(c)))).toEqual([]);
  });
});

describe('how the dialer ends a campaign', () => {
  const [a, b] = calls(2) as [Call, Call];

  it('never finishes a campaign that is not running or paused, though every call settled', () => {
    const settled = [created(), added([a]), started, dialStarted(a), dialEnded(a, 1, 'answered')];
    expect(isFinished(given(settled))).toBe(true);
    for (const after of [cancelled, completed, failed, deleted]) expect(isFinished(given(settled, after))).toBe(false);
  });

  it('ends a campaign only when nothing is in flight, waiting or left to dial and the counts agree that every call settled', () => {
    const done = given(created(), added([a, b]), started, dialStarted(a), dialStarted(b), dialEnded(a, 1, 'answered'), dialEnded(b, 1, 'busy'));
    expect(isFinished(done)).toBe(true);
    // Each of these alone must hold the end back, whatever the other says.
    const wait = { callId: a.callId, attempt: 2, phoneNumber: a.phoneNumber, order: 0, dueAt: DUE, waitingFor: 'retry_delay' as const };
    const inconsistent: Array<[string, DialerState]> = [
      ['a dial in flight', { ...done, inFlight: new Map([[a.callId, { ...wait, retryDueAt: null }]]) }],
      ['a call waiting', { ...done, retries: withWaiting(done.retries, wait) }],
      ['a call never attempted', { ...done, requeued: [0] }],
      ['a call not counted as settled', { ...done, completed: 0 }],
    ];
    for (const [why, state] of inconsistent) expect([why, isFinished(state)]).toEqual([why, false]);
  });

  it('counts skipped and removed calls as settled', () => {
    const skipped = { type: 'DialEnded' as const, data: { callId: a.callId, attempt: 1, outcome: 'skipped' as const, retryDueAt: null, terminal: true } };
    const state = given(created(), added([a, b]), started, dialStarted(a), skipped, removed(b));
    expect(campaignEnd(state, MONDAY_10)).toEqual({ type: 'complete', completed: 0, failed: 0, skipped: 1 });
  });

  it('fails a schedule that never opens again only for a running campaign with calls left', () => {
    const never = [created({ schedule: NEVER_OPEN }), added([a, b]), started];
    expect(campaignEnd(given(never), MONDAY_NIGHT)).toMatchObject({ type: 'fail' });
    expect(campaignEnd(given(never, busyThenRetry(a, 1, DUE), busyThenRetry(b, 1, DUE)), MONDAY_NIGHT)).toMatchObject({ type: 'fail' });
    expect(campaignEnd(given(never, paused), MONDAY_NIGHT)).toBeNull();
    // Every call dialed and still in flight: nothing is left to wait for a window.
    expect(campaignEnd(given(never, dialStarted(a), dialStarted(b)), MONDAY_NIGHT)).toBeNull();
  });

  it('completes rather than fails when every call settled under a schedule that never opens again', () => {
    const state = given(created({ schedule: NEVER_OPEN }), added([a]), started, dialStarted(a), dialEnded(a, 1, 'answered'));
    expect(campaignEnd(state, MONDAY_NIGHT)).toEqual({ type: 'complete', completed: 1, failed: 0, skipped: 0 });
  });
});
