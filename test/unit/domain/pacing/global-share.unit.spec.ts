import { activeCount, campaignKey, carryOf, foldGlobalSlots, grantsOf, initialGlobalSlots, roomFor, shareOf, type GlobalSlotsState } from '../../../../src/domain/pacing/global-share.js';
import { decideLedger, type GrantRequest } from '../../../../src/domain/pacing/global-slots.decider.js';
import type { GlobalSlotsEvent } from '../../../../src/domain/pacing/global-slots.events.js';

let seq = 0;
const granted = (campaignId: string | null, weight = 1, callId = `c${(seq += 1)}`): GlobalSlotsEvent => ({
  type: 'GlobalSlotGranted',
  data: { campaignId, callId, attempt: 1, weight, decision: { inFlight: 0, cap: 0, share: 0, active: 0 } },
});
const released = (...callIds: string[]): GlobalSlotsEvent => ({ type: 'GlobalSlotsReleased', data: { slots: callIds.map((callId) => ({ callId, attempt: 1 })) } });
const waiting = (campaignId: string | null, weight = 1, on = true): GlobalSlotsEvent => ({ type: 'GlobalDemandChanged', data: { campaignId, waiting: on, weight } });
const given = (...events: GlobalSlotsEvent[]): GlobalSlotsState => foldGlobalSlots(initialGlobalSlots(), events);
const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

/**
 * Calls of equal length under contention: every campaign waits and asks in turn until none may
 * take more, then the oldest call ends (FIFO), and so on. Returns the grants each got after warm-up.
 */
const contend = (cap: number, weights: Record<string, number>, calls = 2_000): Record<string, number> => {
  let state = given(...Object.entries(weights).map(([id, w]) => waiting(id, w)));
  const ids = Object.keys(weights);
  const open: string[] = [];
  const counts: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  for (let n = 0, turn = 0; n < calls; ) {
    let any = false;
    for (let k = 0; k < ids.length; k += 1, turn += 1) {
      const id = ids[turn % ids.length]!;
      const callId = `${id}-${n}`;
      const { events, verdicts } = decideLedger(state, cap, { releases: [], demands: [], grants: [{ campaignId: id, callId, attempt: 1, weight: weights[id]! }] });
      state = foldGlobalSlots(state, events);
      expect(state.inFlight).toBeLessThanOrEqual(cap);
      if (verdicts[0] !== 'granted') continue;
      any = true;
      open.push(callId);
      n += 1;
      if (n > cap * 2) counts[id] = counts[id]! + 1;
    }
    if (!any) state = foldGlobalSlots(state, [released(open.shift()!)]);
  }
  return counts;
};

describe('the global share rule', () => {
  it('gives a campaign alone every slot: a share nobody waits for is lent (work-conserving)', () => {
    expect(roomFor(given(), 10, 'a', 1)).toBe(10);
    const busy = given(...times(7, () => granted('a')));
    expect(roomFor(busy, 10, 'a', 1)).toBe(3);
    // b in flight but not waiting: a may take all that is free.
    const both = given(...times(7, () => granted('a')), granted('b'));
    expect(roomFor(both, 10, 'a', 1)).toBe(2);
  });

  it('gives nothing at the cap, whoever asks', () => {
    const full = given(...times(10, () => granted('a')));
    expect(roomFor(full, 10, 'a', 1)).toBe(0);
    expect(roomFor(full, 10, 'b', 100)).toBe(0);
    expect(roomFor(full, 10, 'single', 1)).toBe(0);
  });

  it('splits 30 by weights 1:1:2 into shares of 7.5, 7.5 and 15', () => {
    const state = given(waiting('a', 1), waiting('b', 1), waiting('c', 2));
    expect([shareOf(state, 30, 'a', 1), shareOf(state, 30, 'b', 1), shareOf(state, 30, 'c', 2)]).toEqual([7.5, 7.5, 15]);
    expect(activeCount(state, 'a')).toBe(3);
    expect(activeCount(state, 'd')).toBe(4);
  });

  it('reserves the share of a new waiting campaign: the lender takes no freed slot back until the newcomer has its share', () => {
    // a took all 9 while alone; b starts and waits (share ceil(4.5) = 5).
    let state = given(...times(9, () => granted('a', 1, `a${(seq += 1)}`)), waiting('b'));
    expect(roomFor(state, 10, 'a', 1)).toBe(0); // 1 free, but it is owed to b
    expect(roomFor(state, 10, 'b', 1)).toBe(1);
    const aGrants = [...state.grants.values()].filter((g) => g.campaign === 'a').map((g) => g.callId);
    // Calls of a end one by one: each freed slot is b's until b holds its share.
    for (let i = 0; i < 4; i += 1) {
      state = foldGlobalSlots(state, [granted('b')]);
      state = foldGlobalSlots(state, [released(aGrants[i]!)]);
      expect(roomFor(state, 10, 'a', 1)).toBe(0);
    }
    state = foldGlobalSlots(state, [granted('b')]);
    expect(state.campaigns.get('b')!.inFlight).toBe(5);
    // b holds its share: what is freed now may go to either.
    state = foldGlobalSlots(state, [released(aGrants[4]!)]);
    expect(roomFor(state, 10, 'a', 1)).toBe(1);
  });

  it('takes a lent share back as calls end, not by cutting calls', () => {
    const state = given(...times(10, () => granted('a')), waiting('b'));
    expect(state.inFlight).toBe(10);
    expect(roomFor(state, 10, 'b', 1)).toBe(0);
  });

  it('holds the total under the cap although shares are rounded up', () => {
    const state = given(waiting('a'), waiting('b'), waiting('c'), ...times(3, () => granted('a')), ...times(3, () => granted('b')), ...times(3, () => granted('c')));
    // Shares of 10 / 3 = 3.33 round up to 4 each (12 > 10): only one slot is left, for one of them (ties by key).
    expect(['a', 'b', 'c'].map((id) => roomFor(state, 10, id, 1))).toEqual([1, 0, 0]);
    const { events } = decideLedger(state, 10, { releases: [], demands: [], grants: ['a', 'b', 'c'].map((id) => ({ campaignId: id, callId: `${id}-x`, attempt: 1, weight: 1 })) });
    expect(events).toHaveLength(1);
    expect(foldGlobalSlots(state, events).inFlight).toBe(10);
  });

  it('gives weights 1:1:2 shares of the attempts within ±10 % under contention (rounding up favours the light ones a little)', () => {
    const counts = contend(30, { a: 1, b: 1, c: 2 });
    const total = counts.a! + counts.b! + counts.c!;
    const within = (got: number, want: number) => Math.abs(got / total - want) <= want * 0.1;
    expect([within(counts.a!, 0.25), within(counts.b!, 0.25), within(counts.c!, 0.5)]).toEqual([true, true, true]);
    // Shares that are whole numbers are met exactly.
    const even = contend(12, { a: 1, b: 1, c: 2 });
    expect([even.a, even.b, even.c].map((n) => Math.round((n! / (even.a! + even.b! + even.c!)) * 100))).toEqual([25, 25, 50]);
    const uneven = contend(8, { a: 1, b: 3 });
    expect(Math.round((uneven.b! / (uneven.a! + uneven.b!)) * 100)).toBe(75);
  });

  it('counts single calls like a campaign of weight 1', () => {
    const state = given(...times(4, () => granted(null)), waiting(null), waiting('a', 3));
    expect(state.campaigns.get('single')).toEqual({ inFlight: 4, weight: 1, waiting: true });
    expect(shareOf(state, 8, 'a', 3)).toBe(6);
    expect(roomFor(state, 8, 'a', 3)).toBe(4);
    expect(roomFor(state, 8, 'single', 1)).toBe(0); // single holds its share of 2 and more: the rest is owed to a
  });

  it('forgets a campaign neither in flight nor waiting, and ignores a release of a slot not granted', () => {
    const state = given(granted('a', 1, 'x'), released('x'), released('x', 'nope'), waiting('b'), waiting('b', 1, false));
    expect(state).toEqual({ grants: new Map(), campaigns: new Map(), inFlight: 0 });
  });
});

describe('the ledger fold', () => {
  it('counts a grant folded twice once, and frees it with one release', () => {
    const twice = granted('a', 1, 'dup');
    const state = given(twice, twice, granted('a', 1, 'other'));
    expect(state.inFlight).toBe(2);
    expect(state.campaigns.get('a')).toEqual({ inFlight: 2, weight: 1, waiting: false });
    expect(foldGlobalSlots(state, [released('dup', 'dup')])).toMatchObject({ inFlight: 1, campaigns: new Map([['a', { inFlight: 1, weight: 1, waiting: false }]]) });
  });

  it('keeps a campaign\'s latest weight, from its grants and its demands, and keeps it over releases', () => {
    let state = given(granted('a', 1, 'x'), granted('a', 3, 'y'));
    expect(state.campaigns.get('a')).toEqual({ inFlight: 2, weight: 3, waiting: false });
    state = foldGlobalSlots(state, [released('y'), waiting('a', 2)]);
    expect(state.campaigns.get('a')).toEqual({ inFlight: 1, weight: 2, waiting: true });
    // Waiting ends while a call is in flight: the campaign stays on the ledger until that ends.
    state = foldGlobalSlots(state, [waiting('a', 2, false)]);
    expect(state.campaigns.get('a')).toEqual({ inFlight: 1, weight: 2, waiting: false });
    expect(foldGlobalSlots(state, [released('x')]).campaigns.size).toBe(0);
  });

  it('lists the open grants of one campaign only', () => {
    const state = given(granted('a', 1, 'x'), granted('b', 1, 'y'), granted(null, 1, 'z'), granted('a', 1, 'w'), released('x'));
    expect(grantsOf(state, 'a')).toEqual([{ callId: 'w', attempt: 1 }]);
    expect(grantsOf(state, campaignKey(null))).toEqual([{ callId: 'z', attempt: 1 }]);
    expect(grantsOf(state, 'c')).toEqual([]);
  });
});

describe('a freed slot wakes one waiting campaign, not all (no herd)', () => {
  const rooms = (state: GlobalSlotsState, cap: number, weights: Record<string, number>) => Object.entries(weights).map(([id, w]) => roomFor(state, cap, id, w));

  it('gives a slot freed by a campaign not waiting to one waiting campaign at its share, by key, and the batch grants it', () => {
    const ids = ['a', 'b', 'c', 'd'];
    // Cap 10 over five campaigns of weight 1: each holds its share of 2; f (not waiting) ends a call.
    let state = given(...ids.flatMap((id) => [waiting(id), granted(id, 1, `${id}1`), granted(id, 1, `${id}2`)]), granted('f', 1, 'f1'), granted('f', 1, 'f2'));
    state = foldGlobalSlots(state, [released('f1')]);
    expect(rooms(state, 10, { a: 1, b: 1, c: 1, d: 1 })).toEqual([1, 0, 0, 0]);
    const { verdicts } = decideLedger(state, 10, { releases: [], demands: [], grants: ids.map((id) => ({ campaignId: id, callId: `${id}3`, attempt: 1, weight: 1 })) });
    expect(verdicts).toEqual(['granted', 'denied', 'denied', 'denied']);
  });

  it('gives what is free to those furthest below their weighted share first, as many rooms as slots free', () => {
    // a:b:c = 1:1:2, all waiting, holding 3, 3 and 5.
    const state = given(waiting('a'), waiting('b'), waiting('c', 2), ...times(3, () => granted('a')), ...times(3, () => granted('b')), ...times(5, () => granted('c', 2)));
    // Cap 13 (shares 3.25, 3.25, 6.5: owed 1, 1, 2; 2 free): c holds least per weight (2.5 < 3), it takes both.
    expect(rooms(state, 13, { a: 1, b: 1, c: 2 })).toEqual([0, 0, 2]);
    // Cap 14 (owed 1, 1, 2; 3 free): c its 2, then a by key.
    expect(rooms(state, 14, { a: 1, b: 1, c: 2 })).toEqual([1, 0, 2]);
    // Cap 17 (shares 4.25, 4.25, 8.5: owed 2, 2, 4; 6 free, 8 owed): c its 4, then a 2, b nothing yet.
    expect(rooms(state, 17, { a: 1, b: 1, c: 2 })).toEqual([2, 0, 4]);
    for (let cap = 11; cap <= 30; cap += 1) {
      expect(rooms(state, cap, { a: 1, b: 1, c: 2 }).reduce((x, y) => x + y, 0)).toBe(cap - state.inFlight);
    }
  });
});

describe('shares of active campaigns', () => {
  it('counts a campaign with calls in flight in the shares though it waits for nothing, but reserves nothing for it', () => {
    const state = given(...times(2, () => granted('b', 3)));
    expect(shareOf(state, 8, 'a', 1)).toBe(2);
    expect(activeCount(state, 'a')).toBe(2);
    expect(roomFor(state, 8, 'a', 1)).toBe(6);
  });

  it('counts the asking campaign once with its weight as it asks now, not as the ledger last saw it', () => {
    const state = given(waiting('a', 1), waiting('b', 1));
    expect(shareOf(state, 12, 'a', 2)).toBe(8);
    expect(activeCount(state, 'a')).toBe(2);
    // Owed to a under its new weight: ceil(8) − 0 in flight, beyond what b is owed (6 of 12).
    expect(roomFor(state, 12, 'a', 2)).toBe(8);
    expect(roomFor(state, 12, 'a', 1)).toBe(6);
  });

  it('owes a waiting campaign its share less what it holds, never a negative amount', () => {
    // b holds 6 of a share of 4 (cap 8, 1:1): it is owed nothing, so a may take all 2 free slots.
    const state = given(waiting('a'), waiting('b'), ...times(6, () => granted('b')));
    expect(roomFor(state, 8, 'a', 1)).toBe(2);
    // a holds 1 of its 4: it is owed 3, more than the 1 slot free, so b gets nothing.
    const tight = given(waiting('a'), waiting('b'), granted('a'), ...times(6, () => granted('b')));
    expect(roomFor(tight, 8, 'b', 1)).toBe(0);
    expect(roomFor(tight, 8, 'a', 1)).toBe(1);
  });
});

describe('ledger segments', () => {
  it('open with the state the closed segment folded to: grants, weights and demands', () => {
    const state = given(granted('a', 2, 'x'), granted(null, 1, 'y'), waiting('b', 3), waiting('c', 1), waiting('c', 1, false), granted('c', 1, 'z'));
    const opened = foldGlobalSlots(initialGlobalSlots(), [
      { type: 'GlobalSlotsSegmentClosed', data: { next: 1 } },
      { type: 'GlobalSlotsSegmentOpened', data: { segment: 1, carried: carryOf(state) } },
    ]);
    expect(opened).toEqual(state);
    // What follows the opening folds on top of it, as on the closed segment.
    expect(foldGlobalSlots(opened, [released('x')]).inFlight).toBe(2);
  });
});

describe('deciding a batch on the ledger', () => {
  const ask = (campaignId: string | null, callId: string, weight = 1): GrantRequest => ({ campaignId, callId, attempt: 1, weight });

  it('releases first, then grants into the room freed, recording the decision', () => {
    const state = given(granted('a', 1, 'x'), granted('a', 1, 'y'));
    const { events, verdicts } = decideLedger(state, 2, { releases: [{ callId: 'x', attempt: 1 }], demands: [], grants: [ask('b', 'z'), ask('b', 'w')] });
    expect(verdicts).toEqual(['granted', 'denied']);
    expect(events.map((e) => e.type)).toEqual(['GlobalSlotsReleased', 'GlobalSlotGranted']);
    expect(events[1]!.data).toEqual({ campaignId: 'b', callId: 'z', attempt: 1, weight: 1, decision: { inFlight: 1, cap: 2, share: 1, active: 2 } });
  });

  it('reuses an open grant of the same slot (a takeover dialing again) and releases only open grants', () => {
    const state = given(granted('a', 1, 'x'));
    const { events, verdicts } = decideLedger(state, 1, { releases: [{ callId: 'gone', attempt: 1 }], demands: [], grants: [ask('a', 'x')] });
    expect({ events, verdicts }).toEqual({ events: [], verdicts: ['reused'] });
  });

  it('records a demand only when it changes', () => {
    const state = given(waiting('a'));
    expect(decideLedger(state, 5, { releases: [], demands: [{ campaignId: 'a', waiting: true, weight: 1 }], grants: [] }).events).toEqual([]);
    expect(decideLedger(state, 5, { releases: [], demands: [{ campaignId: 'a', waiting: true, weight: 2 }], grants: [] }).events).toHaveLength(1);
    expect(decideLedger(state, 5, { releases: [], demands: [{ campaignId: 'b', waiting: false, weight: 1 }], grants: [] }).events).toEqual([]);
    // Not waiting, a weight alone is no change: the weight counts only while the campaign asks.
    const inFlight = given(granted('c', 1, 'c1'));
    expect(decideLedger(inFlight, 5, { releases: [], demands: [{ campaignId: 'c', waiting: false, weight: 4 }], grants: [] }).events).toEqual([]);
    expect(decideLedger(inFlight, 5, { releases: [], demands: [{ campaignId: 'c', waiting: true, weight: 1 }], grants: [] }).events).toHaveLength(1);
  });

  it('releases a slot named twice in a batch once', () => {
    const state = given(granted('a', 1, 'x'), granted('a', 1, 'y'));
    const { events } = decideLedger(state, 2, { releases: [{ callId: 'x', attempt: 1 }, { callId: 'x', attempt: 1 }], demands: [], grants: [] });
    expect(events).toEqual([{ type: 'GlobalSlotsReleased', data: { slots: [{ callId: 'x', attempt: 1 }] } }]);
  });
});
