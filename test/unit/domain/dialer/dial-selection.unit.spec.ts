import { nextDialWakeUp, nextWindowOpensAt, selectDials } from '../../../../src/domain/dialer/dial-selection.js';
import { foldDialer } from '../../../../src/domain/dialer/dialer.evolve.js';
import { initialSingleCallsState } from '../../../../src/domain/dialer/dialer.state.js';
import {
  type Call,
  added, busyThenRetry, calls, cancelled, config, created, dial, dialEnded, dialStarted, given, MONDAY_10, MONDAY_NIGHT,
  paused, resumed, started, TUESDAY_OPENING, updated,
  dialsOf,
} from './dialer.fixtures.js';

const MINUTE = 60_000;
const later = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

describe('selectDials', () => {
  const [a, b, c, d, e] = calls(5) as [Call, Call, Call, Call, Call];

  it('given a running campaign in its window, dials never-attempted calls in the order added, up to the cap', () => {
    const state = given(created({ maxConcurrentCalls: 2 }), added([a, b, c]), started);
    expect(dialsOf(state, MONDAY_10)).toEqual([dial(a), dial(b)]);
  });

  it('counts dials in flight against the cap', () => {
    const state = given(created({ maxConcurrentCalls: 2 }), added([a, b, c]), started, dialStarted(a));
    expect(dialsOf(state, MONDAY_10)).toEqual([dial(b)]);
  });

  it('dials nothing at the cap, and refills a slot as soon as a dial ends', () => {
    const full = given(created({ maxConcurrentCalls: 2 }), added([a, b, c]), started, dialStarted(a), dialStarted(b));
    expect(dialsOf(full, MONDAY_10)).toEqual([]);
    expect(dialsOf(foldDialer(full, [dialEnded(a, 1, 'answered')]), MONDAY_10)).toEqual([dial(c)]);
  });

  it.each([
    ['pending', [created(), added([a])]],
    ['paused', [created(), added([a]), started, paused]],
    ['cancelled', [created(), added([a]), started, cancelled]],
  ])('dials nothing while the campaign is %s', (_status, history) => {
    expect(dialsOf(given(history), MONDAY_10)).toEqual([]);
  });

  it('dials again once a paused campaign is resumed', () => {
    expect(dialsOf(given(created(), added([a]), started, paused, resumed), MONDAY_10)).toEqual([dial(a)]);
  });

  it('dials nothing while the window is closed', () => {
    expect(dialsOf(given(created(), added([a]), started), MONDAY_NIGHT)).toEqual([]);
  });

  it('uses the cap as configured now: a PATCH counts from the next decision', () => {
    const running = given(created({ maxConcurrentCalls: 1 }), added([a, b, c, d]), started, dialStarted(a));
    expect(dialsOf(running, MONDAY_10)).toEqual([]);
    expect(dialsOf(foldDialer(running, [updated({ maxConcurrentCalls: 3 })]), MONDAY_10)).toEqual([dial(b), dial(c)]);
    const lowered = foldDialer(running, [dialStarted(b), updated({ maxConcurrentCalls: 1 }), dialEnded(a, 1, 'answered')]);
    expect(dialsOf(lowered, MONDAY_10)).toEqual([]);
  });

  it('uses the schedule as configured now', () => {
    const state = given(created(), added([a]), started, updated({ schedule: { timezone: 'UTC', windows: [{ days: ['mon'], start: '18:00', end: '23:00' }], blackoutDates: [] } }));
    expect(dialsOf(state, MONDAY_10)).toEqual([]);
    expect(dialsOf(state, MONDAY_NIGHT)).toEqual([dial(a)]);
  });

  it('dials a due retry before any never-attempted call', () => {
    const state = given(created({ maxConcurrentCalls: 1 }), added([a, b, c]), started, busyThenRetry(a, 1, MONDAY_10));
    expect(dialsOf(state, MONDAY_10)).toEqual([dial(a, 2)]);
  });

  it('never dials over the cap when more retries are due than slots are free: the earliest due fill them, nothing fresh', () => {
    const due = (call: Call, minutes: number) => busyThenRetry(call, 1, later(MONDAY_10, -minutes * MINUTE));
    const state = given(created({ maxConcurrentCalls: 3 }), added([a, b, c, d, e]), started, due(a, 1), due(b, 3), due(c, 2), due(d, 4), dialStarted(e));
    const dials = dialsOf(state, MONDAY_10);
    expect(dials).toEqual([dial(d, 2), dial(b, 2)]);
    expect(dials.length + state.inFlight.size).toBe(3);
    expect(dialsOf(foldDialer(state, dials.map((x) => dialStarted({ callId: x.callId, phoneNumber: x.phoneNumber }, x.attempt))), MONDAY_10)).toEqual([]);
  });

  it('takes due retries earliest due first, ties by the order calls were added', () => {
    const state = given(
      created({ maxConcurrentCalls: 4 }), added([a, b, c, d, e]), started,
      busyThenRetry(a, 1, later(MONDAY_10, -MINUTE)),
      busyThenRetry(b, 1, later(MONDAY_10, -2 * MINUTE)),
      busyThenRetry(c, 1, later(MONDAY_10, -MINUTE)),
    );
    expect(dialsOf(state, MONDAY_10)).toEqual([dial(b, 2), dial(a, 2), dial(c, 2), dial(d)]);
  });

  it('skips a retry not yet due without letting it block new calls', () => {
    const state = given(created({ maxConcurrentCalls: 1 }), added([a, b]), started, busyThenRetry(a, 1, later(MONDAY_10, MINUTE)));
    expect(dialsOf(state, MONDAY_10)).toEqual([dial(b)]);
    expect(dialsOf(state, later(MONDAY_10, MINUTE))).toEqual([dial(a, 2)]);
  });

  it('dials a retry that fell due while the window was closed first when it opens', () => {
    const state = given(created({ maxConcurrentCalls: 1 }), added([a, b]), started, busyThenRetry(a, 1, later(MONDAY_NIGHT, MINUTE)));
    expect(dialsOf(state, later(MONDAY_NIGHT, 2 * MINUTE))).toEqual([]);
    expect(dialsOf(state, TUESDAY_OPENING)).toEqual([dial(a, 2)]);
  });

  it('gives an abandoned first attempt its place back before later never-attempted calls', () => {
    const state = given(created({ maxConcurrentCalls: 2 }), added([a, b, c]), started, dialStarted(a), dialStarted(b), dialEnded(a, 1, 'abandoned'));
    expect(dialsOf(state, MONDAY_10)).toEqual([dial(a)]);
  });

  it('keeps the due date of an abandoned retry', () => {
    const dueAt = later(MONDAY_10, -MINUTE);
    const state = given(created({ maxConcurrentCalls: 1 }), added([a, b]), started, busyThenRetry(a, 1, dueAt), dialStarted(a, 2), dialEnded(a, 2, 'abandoned'));
    expect(state.retries.get(a.callId)).toMatchObject({ attempt: 2, dueAt });
    expect(dialsOf(state, MONDAY_10)).toEqual([dial(a, 2)]);
  });

  it('records the due date a retry was dialed for, and none for a first attempt', () => {
    const dueAt = later(MONDAY_10, -MINUTE);
    const state = given(created({ maxConcurrentCalls: 2 }), added([a, b]), started, busyThenRetry(a, 1, dueAt));
    const decisions = selectDials(state, MONDAY_10, { marginMs: MINUTE }).events.map((event) => event.type === 'DialStarted' && [event.data.callId, event.data.decision?.retryDueAt]);
    expect(decisions).toEqual([[a.callId, dueAt], [b.callId, null]]);
  });

  it('dials single calls at any hour, under the default cap', () => {
    const single = initialSingleCallsState('single', { maxConcurrentCalls: 1, retryPolicy: config().retryPolicy });
    const state = foldDialer(single, [a, b].map((call) => ({ type: 'CallScheduled' as const, data: { ...call, campaignId: null } })));
    expect(dialsOf(state, MONDAY_NIGHT)).toEqual([dial(a)]);
  });

  it('starts no fresh number while a call waits for a calls-per-second token: the waiting call is dialed first once due', () => {
    const dueAt = later(MONDAY_10, 800);
    const paced = { type: 'DialEnded', data: { callId: a.callId, attempt: 1, outcome: 'deferred', retryDueAt: dueAt, terminal: false, waitingFor: 'rate_limit' } } as const;
    const state = given(created({ maxConcurrentCalls: 3 }), added([a, b, c]), started, dialStarted(a), paced);
    expect(state.pacedUntil).toBe(dueAt);
    expect(dialsOf(state, MONDAY_10)).toEqual([]);
    expect(nextDialWakeUp(state, MONDAY_10)).toBe(dueAt);
    expect(dialsOf(state, dueAt)).toEqual([dial(a), dial(b), dial(c)]);
    // A frequency cap's wait holds nothing back: it may last a day.
    const capped = given(created({ maxConcurrentCalls: 3 }), added([a, b, c]), started, dialStarted(a), { ...paced, data: { ...paced.data, waitingFor: 'frequency_cap' } });
    expect(dialsOf(capped, MONDAY_10)).toEqual([dial(b), dial(c)]);
  });

  describe('under a global cap (DESIGN §7.3)', () => {
    const GLOBAL = { inFlight: 7, cap: 10, share: 5, weight: 2 };
    const select = (state: ReturnType<typeof given>, room: number) => selectDials(state, MONDAY_10, { marginMs: MINUTE, global: { ...GLOBAL, room } });

    it.each([
      ['binds below the free campaign slots', 3, 1, 1, true],
      ['does not bind when it has room for every free slot', 3, 3, 3, false],
      ['does not bind with more room than free slots', 2, 5, 2, false],
      ['stops every dial at no room', 3, 0, 0, true],
      ['reads a negative room (a cap lowered below what is in flight) as none', 3, -2, 0, true],
    ])('%s: %d free campaign slots, global room %d, dials %d', (_, cap, room, dialed, waiting) => {
      const state = given(created({ maxConcurrentCalls: cap }), added([a, b, c, d]), started);
      const selection = select(state, room);
      expect(selection.dials).toEqual([dial(a), dial(b), dial(c)].slice(0, dialed));
      expect(selection.waitingForGlobal).toBe(waiting);
    });

    it('is not waiting for the global cap when no call could be dialed now anyway', () => {
      const state = given(created({ maxConcurrentCalls: 3 }), added([a]), started);
      expect(select(state, 1)).toMatchObject({ dials: [dial(a)], waitingForGlobal: false });
      expect(select(given(created({ maxConcurrentCalls: 3 }), added([a]), started, dialStarted(a)), 0)).toMatchObject({ dials: [], waitingForGlobal: false });
      expect(selectDials(given(created(), added([a]), started), MONDAY_NIGHT, { marginMs: MINUTE, global: { ...GLOBAL, room: 0 } }).waitingForGlobal).toBe(false);
    });

    it('is not waiting for the global cap at the campaign\'s own cap, with or without global room', () => {
      const full = given(created({ maxConcurrentCalls: 1 }), added([a, b]), started, dialStarted(a));
      expect(select(full, 0)).toMatchObject({ dials: [], waitingForGlobal: false });
      expect(selectDials(full, MONDAY_10, { marginMs: MINUTE })).toMatchObject({ dials: [], waitingForGlobal: false });
    });

    it('gives due retries the global room first', () => {
      const state = given(created({ maxConcurrentCalls: 3 }), added([a, b, c]), started, busyThenRetry(c, 1, later(MONDAY_10, -MINUTE)));
      expect(select(state, 1).dials).toEqual([dial(c, 2)]);
    });

    it('records on each dial the global slots in flight counting the dials decided before it, the cap, the share and the weight', () => {
      const state = given(created({ maxConcurrentCalls: 3 }), added([a, b]), started);
      const decisions = select(state, 3).events.map((event) => event.type === 'DialStarted' && event.data.decision);
      expect(decisions).toEqual([
        expect.objectContaining({ inFlight: 0, cap: 3, global: { inFlight: 7, cap: 10, share: 5, weight: 2 } }),
        expect.objectContaining({ inFlight: 1, cap: 3, global: { inFlight: 8, cap: 10, share: 5, weight: 2 } }),
      ]);
      const without = selectDials(state, MONDAY_10, { marginMs: MINUTE }).events[0];
      expect(without?.type === 'DialStarted' && without.data.decision).not.toHaveProperty('global');
    });
  });
});

describe('wake-ups', () => {
  const [a, b] = calls(2) as [Call, Call];

  it('wakes when the next retry falls due while the window is open', () => {
    const dueAt = later(MONDAY_10, 5 * MINUTE);
    const state = given(created({ maxConcurrentCalls: 1 }), added([a]), started, busyThenRetry(a, 1, dueAt));
    expect(nextDialWakeUp(state, MONDAY_10)).toBe(dueAt);
  });

  it('wakes when the window opens, and reports it as nextWindowOpensAt', () => {
    const state = given(created(), added([a]), started);
    expect(nextDialWakeUp(state, MONDAY_NIGHT)).toBe(TUESDAY_OPENING);
    expect(nextWindowOpensAt(state, MONDAY_NIGHT)).toBe(TUESDAY_OPENING);
    expect(nextWindowOpensAt(state, MONDAY_10)).toBeNull();
  });

  it('wakes for a calls-per-second wait only while fresh numbers wait behind it, and only before it ends', () => {
    const pacedUntil = later(MONDAY_10, 800);
    const paced = (call: Call) => ({ type: 'DialEnded', data: { callId: call.callId, attempt: 1, outcome: 'deferred', retryDueAt: pacedUntil, terminal: false, waitingFor: 'rate_limit' } }) as const;
    const retryLater = later(MONDAY_10, 5 * MINUTE);
    const withFresh = given(created({ maxConcurrentCalls: 3 }), added([a, b]), started, dialStarted(a), paced(a));
    expect(nextDialWakeUp(withFresh, MONDAY_10)).toBe(pacedUntil);
    // Every number dialed once and the paced one removed: nothing is held back by the pacing, only b's retry is ahead.
    const removedA = { type: 'CampaignNumberRemoved', data: { callId: a.callId, phoneNumber: a.phoneNumber } } as const;
    const noneFresh = given(created({ maxConcurrentCalls: 3 }), added([a, b]), started, busyThenRetry(b, 1, retryLater), dialStarted(a), paced(a), removedA);
    expect(noneFresh.pacedUntil).toBe(pacedUntil);
    expect(nextDialWakeUp(noneFresh, MONDAY_10)).toBe(retryLater);
    expect(nextDialWakeUp(withFresh, pacedUntil)).toBeNull();
  });

  it('has nothing to wake for once every call was dialed, or when not running', () => {
    expect(nextDialWakeUp(given(created(), added([a]), started, dialStarted(a)), MONDAY_NIGHT)).toBeNull();
    expect(nextWindowOpensAt(given(created(), added([a, b]), started, paused), MONDAY_NIGHT)).toBeNull();
  });
});
