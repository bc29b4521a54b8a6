import type { Schedule } from '../../../../src/domain/calendar/schedule.js';
import type { CampaignEvent } from '../../../../src/domain/campaign/campaign.events.js';
import type { AttemptClock } from '../../../../src/domain/dialer/dial-timeouts.js';
import type { DialerEvent } from '../../../../src/domain/dialer/dialer.events.js';
import { foldDialer, type DialerInput } from '../../../../src/domain/dialer/dialer.evolve.js';
import type { DialerState } from '../../../../src/domain/dialer/dialer.state.js';
import { decide, type WorkflowInput } from '../../../../src/domain/dialer/dialer-workflow.js';
import {
  type Call,
  added, busyThenRetry, calls, cancelled, created, dial, dialEnded, dialStarted, given, MONDAY_10, paused, started,
} from './dialer.fixtures.js';

const ALWAYS: Schedule = {
  timezone: 'UTC',
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }],
  blackoutDates: [],
};
const LIMITS = { ringMs: 60_000, maxDurationMs: 3_600_000 };

const input = (overrides: Partial<WorkflowInput> = {}): WorkflowInput => ({
  ends: [],
  clocks: new Map(),
  limits: LIMITS,
  parked: new Set(),
  busy: new Set(),
  leased: true,
  mayEndCampaign: true,
  selection: { marginMs: 60_000 },
  ...overrides,
});

/** A campaign created with built-in rules and the default recipient hours, open around the clock itself. */
const compliant = (cap: number, complianceRules: 'builtin' | 'none' = 'builtin'): CampaignEvent =>
  created({ schedule: ALWAYS, maxConcurrentCalls: cap, recipientHours: { start: '08:00', end: '21:00' }, complianceRules, subject: 'renewals' });
const call = (callId: string, phoneNumber: string, contact: Record<string, string> = {}): Call => ({ callId, phoneNumber, ...contact });
const types = (events: readonly DialerEvent[]): string[] => events.map((e) => `${e.type}:${(e.data as { callId: string }).callId}`);
const after = (state: DialerState, events: readonly DialerInput[]): DialerState => foldDialer(state, events);

describe('decide: the dialer workflow', () => {
  const [a, b, c, d] = calls(4) as [Call, Call, Call, Call];

  it('records the outcome that freed a slot, then fills it in the same decision', () => {
    const state = given(created({ maxConcurrentCalls: 2 }), added([a, b, c]), started, dialStarted(a), dialStarted(b));
    const decision = decide(state, input({ ends: [dialEnded(a, 1, 'answered').data as never] }), MONDAY_10);
    expect(types(decision.events)).toEqual([`DialEnded:${a.callId}`, `DialStarted:${c.callId}`]);
    expect(decision.effects).toEqual([expect.objectContaining({ type: 'dial', dial: dial(c) })]);
  });

  it('dials the earliest due retries only, never a fresh number, when more retries are due than slots are free', () => {
    const dueEarly = '2026-11-23T09:50:00.000Z';
    const dueLate = '2026-11-23T09:55:00.000Z';
    const state = given(
      created({ maxConcurrentCalls: 2 }), added([a, b, c, d]), started,
      busyThenRetry(c, 1, dueLate), busyThenRetry(b, 1, dueEarly), busyThenRetry(a, 1, dueLate),
      dialStarted(d),
    );
    const decision = decide(state, input(), MONDAY_10);
    expect(decision.effects.map((e) => e.type === 'dial' && e.dial)).toEqual([dial(b, 2)]);
    expect(after(state, decision.events).inFlight.size).toBe(2);
  });

  it('never exceeds the cap whatever the mix of ends and waiting work', () => {
    for (let cap = 1; cap <= 4; cap += 1) {
      const state = given(created({ maxConcurrentCalls: cap }), added([a, b, c, d]), started, dialStarted(a), dialStarted(b));
      const decision = decide(state, input({ ends: [dialEnded(a, 1, 'busy', MONDAY_10).data as never] }), MONDAY_10);
      expect(after(state, decision.events).inFlight.size).toBeLessThanOrEqual(cap);
    }
  });

  it('says when it waits for the global cap: a call could be dialed into a free campaign slot, but there is no global room', () => {
    const state = given(created({ maxConcurrentCalls: 2 }), added([a, b]), started);
    const global = { inFlight: 10, cap: 10, share: 5, weight: 1 };
    expect(decide(state, input({ selection: { marginMs: 60_000, global: { ...global, room: 0 } } }), MONDAY_10)).toMatchObject({ effects: [], waitingForGlobal: true });
    expect(decide(state, input({ selection: { marginMs: 60_000, global: { ...global, room: 1 } } }), MONDAY_10)).toMatchObject({ waitingForGlobal: true });
    expect(decide(state, input({ selection: { marginMs: 60_000, global: { ...global, room: 2 } } }), MONDAY_10)).toMatchObject({ waitingForGlobal: false });
    expect(decide(state, input({ leased: false, selection: { marginMs: 60_000, global: { ...global, room: 0 } } }), MONDAY_10).waitingForGlobal).toBe(false);
  });

  it('records outcomes but starts nothing without the lease', () => {
    const state = given(created({ maxConcurrentCalls: 2 }), added([a, b, c]), started, dialStarted(a));
    const decision = decide(state, input({ leased: false, ends: [dialEnded(a, 1, 'answered').data as never] }), MONDAY_10);
    expect(types(decision.events)).toEqual([`DialEnded:${a.callId}`]);
    expect(decision.effects).toEqual([]);
  });

  describe('recipient hours (DESIGN §7.1, invariant 8)', () => {
    // 2026-11-23 13:30 UTC: 08:30 in New York, 05:30 in Los Angeles.
    const EARLY = '2026-11-23T13:30:00.000Z';
    const newYork = call('ny', '+12125550100');
    const losAngeles = call('la', '+12135550100');

    it('sends a number outside its hours to wait, without a slot, and dials the ones that may be called now', () => {
      const state = given(compliant(1), added([losAngeles, newYork]), started);
      const decision = decide(state, input(), EARLY);
      expect(types(decision.events)).toEqual(['DialDeferred:la', 'DialStarted:ny']);
      const deferred = decision.events[0]!;
      expect(deferred).toMatchObject({ data: { waitingFor: 'recipient_hours', until: '2026-11-23T16:00:00.000Z' } });
      expect(deferred.type === 'DialDeferred' && deferred.data.recipient?.closedBy).toContain('recipient-hours@America/Los_Angeles');
      const next = after(state, decision.events);
      expect(next.retries.get('la')).toMatchObject({ attempt: 1, waitingFor: 'recipient_hours' });
      expect(decision.wakeAt).toBe('2026-11-23T16:00:00.000Z');
    });

    it('records why a dial went ahead: the slot, the cap and the zones with their local times', () => {
      const decision = decide(given(compliant(3), added([newYork]), started), input(), EARLY);
      expect(decision.events[0]).toMatchObject({
        type: 'DialStarted',
        data: {
          decision: {
            inFlight: 0,
            cap: 3,
            retryDueAt: null,
            recipient: { complianceRules: 'builtin', zones: [{ zone: 'America/New_York', localTime: 'Mon 2026-11-23 08:30:00 -05:00' }], closedBy: [] },
          },
        },
      });
    });

    it('dials a waiting number once its hours open, before fresh numbers but after due retries', () => {
      const opened = '2026-11-23T16:00:00.000Z';
      const fresh = call('fresh', '+12125550101');
      const retried = call('retried', '+12125550102');
      let state = given(compliant(2), added([losAngeles, retried, fresh]), started);
      state = after(state, decide(state, input(), EARLY).events.filter((e) => e.type === 'DialDeferred'));
      state = after(state, busyThenRetry(retried, 1, '2026-11-23T15:00:00.000Z'));
      const decision = decide(state, input(), opened);
      expect(decision.effects.flatMap((e) => (e.type === 'dial' ? [e.dial.callId] : []))).toEqual(['retried', 'la']);
    });

    it('lets a due retry wait for its recipient while fresh numbers that may be called go ahead', () => {
      let state = given(compliant(1), added([losAngeles, newYork]), started);
      state = after(state, busyThenRetry(losAngeles, 1, '2026-11-23T13:00:00.000Z'));
      const decision = decide(state, input(), EARLY);
      expect(types(decision.events)).toEqual(['DialDeferred:la', 'DialStarted:ny']);
      expect(decision.events[0]).toMatchObject({ data: { attempt: 2 } });
    });

    it('stops dialing the closing margin before the window ends', () => {
      // 20:59:30 in New York: inside 08:00–21:00 but within the one-minute margin.
      const state = given(compliant(1), added([newYork]), started);
      expect(types(decide(state, input(), '2026-11-24T01:59:30.000Z').events)).toEqual(['DialDeferred:ny']);
      expect(types(decide(state, input({ selection: { marginMs: 0 } }), '2026-11-24T01:59:30.000Z').events)).toEqual(['DialStarted:ny']);
    });

    it('follows the recipient across a DST change: 12:30 UTC is 08:30 before it and 07:30 after it in New York', () => {
      const state = given(compliant(1), added([newYork]), started);
      expect(types(decide(state, input(), '2026-10-31T12:30:00.000Z').events)).toEqual(['DialStarted:ny']);
      const fellBack = decide(state, input(), '2026-11-02T12:30:00.000Z');
      expect(types(fellBack.events)).toEqual(['DialDeferred:ny']);
      expect(fellBack.events[0]).toMatchObject({ data: { until: '2026-11-02T13:00:00.000Z' } });
    });

    it('takes an explicit time zone over the area code', () => {
      const movedEast = call('moved', '+12135550100', { timezone: 'America/New_York' });
      expect(types(decide(given(compliant(1), added([movedEast]), started), input(), EARLY).events)).toEqual(['DialStarted:moved']);
    });

    it('gates nothing for a campaign without rules and hours of its own (created before the gate)', () => {
      const state = given(created({ schedule: ALWAYS, maxConcurrentCalls: 2 }), added([losAngeles]), started);
      const decision = decide(state, input(), EARLY);
      expect(types(decision.events)).toEqual(['DialStarted:la']);
      expect(decision.events[0]).toMatchObject({ data: { decision: { recipient: null } } });
    });

    it('records at most maxDeferrals waits per decision and asks to decide again at once', () => {
      const west = Array.from({ length: 5 }, (_, i) => call(`w${i}`, `+1213555010${i}`));
      const state = given(compliant(1), added(west), started);
      const decision = decide(state, input({ selection: { marginMs: 60_000, maxDeferrals: 2 } }), EARLY);
      expect(types(decision.events)).toEqual(['DialDeferred:w0', 'DialDeferred:w1']);
      expect(decision.wakeAt).toBe(EARLY);
    });

    it('puts the state frequency caps of the recipient on the claim with built-in rules, none without', () => {
      const miami = call('mia', '+13055550100', { name: 'Ada', variables: { policy: 'R-1' } } as never);
      const [withRules] = decide(given(compliant(1), added([miami]), started), input(), EARLY).effects;
      expect(withRules).toMatchObject({ type: 'dial', subject: 'renewals', contact: { name: 'Ada', variables: { policy: 'R-1' } } });
      expect(withRules?.type === 'dial' && withRules.caps).toEqual([expect.objectContaining({ limit: 3, windowMs: 86_400_000 })]);
      const [withoutRules] = decide(given(compliant(1, 'none'), added([miami]), started), input(), EARLY).effects;
      expect(withoutRules?.type === 'dial' && withoutRules.caps).toEqual([]);
    });
  });

  describe('do-not-call and frequency caps, as reported by the claim', () => {
    it('a capped number waits for the cap without its slot, then is dialed again as the same attempt', () => {
      const until = '2026-11-23T11:00:00.000Z';
      const state = given(created({ maxConcurrentCalls: 1 }), added([a, b]), started, dialStarted(a));
      const capped = { callId: a.callId, attempt: 1, outcome: 'deferred' as const, retryDueAt: until, terminal: false };
      const decision = decide(state, input({ ends: [capped] }), MONDAY_10);
      expect(types(decision.events)).toEqual([`DialEnded:${a.callId}`, `DialStarted:${b.callId}`]);
      const next = after(state, decision.events);
      expect(next.retries.get(a.callId)).toMatchObject({ attempt: 1, dueAt: until, waitingFor: 'frequency_cap' });
      const freed = after(next, [dialEnded(b, 1, 'answered')]);
      expect(decide(freed, input(), until).effects).toEqual([expect.objectContaining({ type: 'dial', dial: dial(a, 1) })]);
    });

    it('a skipped call settles for good and counts towards the campaign end', () => {
      const state = given(created({ maxConcurrentCalls: 2 }), added([a, b]), started, dialStarted(a), dialStarted(b), dialEnded(b, 1, 'answered'));
      const skipped = { callId: a.callId, attempt: 1, outcome: 'skipped' as const, retryDueAt: null, terminal: true, skipReason: 'dnc' as const };
      const decision = decide(state, input({ ends: [skipped] }), MONDAY_10);
      expect(decision.effects).toEqual([{ type: 'end-campaign', end: { type: 'complete', completed: 1, failed: 0, skipped: 1 } }]);
      expect(decide(state, input({ ends: [skipped], mayEndCampaign: false }), MONDAY_10).effects).toEqual([]);
    });
  });

  describe('clocks, parked slots, cancel and release', () => {
    const clock = (callId: string, startedAtMs: number): AttemptClock => ({ callId, attempt: 1, startedAtMs, confirmed: true, answeredAtMs: null });
    const nowMs = Date.parse(MONDAY_10);

    it('settles a dial whose ring clock ran out, unless an effect is already under way for it', () => {
      const state = given(created({ maxConcurrentCalls: 2 }), added([a, b]), started, dialStarted(a), dialStarted(b));
      const clocks = new Map([[a.callId, clock(a.callId, nowMs - 61_000)], [b.callId, clock(b.callId, nowMs - 1_000)]]);
      const decision = decide(state, input({ clocks }), MONDAY_10);
      expect(decision.effects).toEqual([{ type: 'settle', clock: clocks.get(a.callId), dial: dial(a) }]);
      expect(decision.wakeAt).toBe('2026-11-23T10:00:59.000Z');
      expect(decide(state, input({ clocks, busy: new Set([a.callId]) }), MONDAY_10).effects).toEqual([]);
    });

    it('settles a parked slot only once the campaign may dial again, or is cancelled', () => {
      const running = given(created({ maxConcurrentCalls: 1 }), added([a]), started, dialStarted(a));
      const parked = new Set([a.callId]);
      expect(decide(after(running, [paused]), input({ parked }), MONDAY_10).effects).toEqual([]);
      expect(decide(running, input({ parked }), MONDAY_10).effects).toEqual([expect.objectContaining({ type: 'settle', dial: dial(a) })]);
      expect(decide(after(running, [cancelled]), input({ parked, leased: false }), MONDAY_10).effects).toEqual([expect.objectContaining({ type: 'settle' })]);
    });

    it('settles a parked slot once though its clock ran out too, not while busy, and never a clock of another attempt', () => {
      const state = given(created({ maxConcurrentCalls: 2 }), added([a, b, c]), started, dialStarted(a), busyThenRetry(b, 1, MONDAY_10), dialStarted(b, 2));
      const parked = new Set([a.callId]);
      const clocks = new Map([[a.callId, clock(a.callId, nowMs - 61_000)], [b.callId, clock(b.callId, nowMs - 61_000)]]);
      // b's clock is of attempt 1, but attempt 2 is in flight: that clock is stale.
      expect(decide(state, input({ parked, clocks }), MONDAY_10).effects).toEqual([{ type: 'settle', clock: clocks.get(a.callId), dial: dial(a) }]);
      expect(decide(state, input({ parked, busy: new Set([a.callId]) }), MONDAY_10).effects).toEqual([]);
      // A parked slot is settled as abandoned from now: its attempt was never confirmed.
      expect(decide(state, input({ parked }), MONDAY_10).effects).toEqual([
        { type: 'settle', clock: { callId: a.callId, attempt: 1, startedAtMs: nowMs, confirmed: false, answeredAtMs: null }, dial: dial(a) },
      ]);
    });

    it('wakes at the earliest of a retry falling due and an attempt clock running out', () => {
      const state = given(created({ maxConcurrentCalls: 1 }), added([a, b]), started, busyThenRetry(b, 1, '2026-11-23T10:00:30.000Z'), dialStarted(a));
      const ringing = new Map([[a.callId, clock(a.callId, nowMs - 1_000)]]);
      expect(decide(state, input({ clocks: ringing }), MONDAY_10).wakeAt).toBe('2026-11-23T10:00:30.000Z');
      const ending = new Map([[a.callId, clock(a.callId, nowMs - 50_000)]]);
      expect(decide(state, input({ clocks: ending }), MONDAY_10).wakeAt).toBe('2026-11-23T10:00:10.000Z');
      // A call given an effect in this decision is busy: its clock does not wake the dialer.
      expect(decide(state, input({ clocks: ending, busy: new Set([a.callId]) }), MONDAY_10).wakeAt).toBe('2026-11-23T10:00:30.000Z');
    });

    it('does not cancel a retry whose call has an effect under way', () => {
      const state = given(created(), added([a]), started, busyThenRetry(a, 1, MONDAY_10), cancelled);
      expect(decide(state, input({ busy: new Set([a.callId]) }), MONDAY_10)).toMatchObject({ effects: [], done: false });
    });

    it('cancels pending retries after a cancel, then is done once nothing is left', () => {
      const state = given(created(), added([a]), started, busyThenRetry(a, 1, MONDAY_10), cancelled);
      expect(decide(state, input(), MONDAY_10)).toMatchObject({ effects: [{ type: 'cancel-retry', retry: { callId: a.callId, attempt: 2 } }], done: false });
      const settled = given(created(), added([a]), started, dialStarted(a), dialEnded(a, 1, 'answered'), cancelled);
      expect(decide(settled, input(), MONDAY_10)).toMatchObject({ events: [], effects: [], done: true, wakeAt: null });
      expect(decide(settled, input({ busy: new Set([a.callId]) }), MONDAY_10).done).toBe(false);
    });
  });
});

describe('decide: removed numbers (DELETE /campaigns/:id/numbers/:phoneNumber)', () => {
  const [a, b, c] = calls(3) as [Call, Call, Call];
  const removed = (x: Call): CampaignEvent => ({ type: 'CampaignNumberRemoved', data: { callId: x.callId, phoneNumber: x.phoneNumber } });

  it('never dials a removed number that was waiting for its first dial, and completes without it', () => {
    const state = given(created({ maxConcurrentCalls: 1 }), added([a, b]), started, removed(a));
    const decision = decide(state, input(), MONDAY_10);
    expect(decision.effects).toEqual([expect.objectContaining({ type: 'dial', dial: dial(b) })]);
    const done = after(after(state, decision.events), [dialEnded(b, 1, 'answered')]);
    expect(decide(done, input(), MONDAY_10).effects).toEqual([{ type: 'end-campaign', end: { type: 'complete', completed: 1, failed: 0, skipped: 0 } }]);
  });

  it('drops the pending retry of a removed number at once', () => {
    const state = given(created({ maxConcurrentCalls: 1 }), added([a]), started, busyThenRetry(a, 1, MONDAY_10), removed(a));
    expect(state.retries.size).toBe(0);
    expect(decide(state, input(), MONDAY_10).effects).toEqual([{ type: 'end-campaign', end: { type: 'complete', completed: 0, failed: 0, skipped: 0 } }]);
  });

  it('lets a removed call in flight finish, never retries it, and cancels the retry its outcome asked for', () => {
    const state = given(created({ maxConcurrentCalls: 2 }), added([a, c]), started, dialStarted(a), removed(a));
    const decision = decide(state, input({ ends: [dialEnded(a, 1, 'busy', MONDAY_10).data as never] }), MONDAY_10);
    expect(decision.effects.filter((e) => e.type === 'dial').map((e) => e.type === 'dial' && e.dial)).toEqual([dial(c)]);
    expect(decision.effects).toContainEqual({ type: 'cancel-retry', retry: expect.objectContaining({ callId: a.callId, attempt: 2 }) });
  });
});
