import fc from 'fast-check';
import type { PendingRetry } from '../../../../src/domain/dialer/dialer.state.js';
import { dueWaiting, emptyWaiting, nextDueAfter, withoutWaiting, withWaiting, type WaitingCalls } from '../../../../src/domain/dialer/waiting-calls.js';

const BASE = Date.parse('2026-11-23T10:00:00.000Z');

type Op = { kind: 'set'; call: number; attempt: number; dueS: number } | { kind: 'delete'; call: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), call: fc.integer({ min: 0, max: 30 }), attempt: fc.integer({ min: 1, max: 3 }), dueS: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('delete' as const), call: fc.integer({ min: 0, max: 30 }) }),
);

const waitOf = (call: number, attempt: number, dueS: number): PendingRetry => ({
  callId: `call-${String(call).padStart(2, '0')}`,
  attempt,
  phoneNumber: `+1415555${String(call).padStart(4, '0')}`,
  order: call,
  dueAt: new Date(BASE + dueS * 1000).toISOString(),
  waitingFor: 'retry_delay',
});

/** The model: a plain Map, due calls found by filtering and sorting all of them (as the dialer did before the index). */
const modelDue = (model: Map<string, PendingRetry>, nowMs: number): string[] =>
  [...model.values()]
    .filter((w) => Date.parse(w.dueAt) <= nowMs)
    .sort((a, b) => (b.attempt > 1 ? 1 : 0) - (a.attempt > 1 ? 1 : 0) || Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.order - b.order)
    .map((w) => w.callId);

describe('waiting calls: an immutable index by call and by due time', () => {
  it('answers as a Map with a full sort would, after any sequence of changes, and leaves every earlier value as it was', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: -1, max: 21 }), (ops, nowS) => {
        const model = new Map<string, PendingRetry>();
        let waiting: WaitingCalls = emptyWaiting();
        const history: Array<[WaitingCalls, string]> = [];
        for (const o of ops) {
          if (o.kind === 'set') {
            const wait = waitOf(o.call, o.attempt, o.dueS);
            model.set(wait.callId, wait);
            waiting = withWaiting(waiting, wait);
          } else {
            const callId = waitOf(o.call, 1, 0).callId;
            model.delete(callId);
            waiting = withoutWaiting(waiting, callId);
          }
          history.push([waiting, JSON.stringify([...model.entries()].sort())]);
        }
        const nowMs = BASE + nowS * 1000;
        expect(waiting.size).toBe(model.size);
        for (const [callId, wait] of model) expect(waiting.get(callId)).toEqual(wait);
        expect([...dueWaiting(waiting, nowMs)].map((w) => w.callId)).toEqual(modelDue(model, nowMs));
        const later = [...model.values()].map((w) => Date.parse(w.dueAt)).filter((ms) => ms > nowMs);
        expect(nextDueAfter(waiting, nowMs)).toBe(later.length === 0 ? null : Math.min(...later));
        for (const [value, snapshot] of history) expect(JSON.stringify([...value.entries()].sort())).toBe(snapshot);
      }),
      { numRuns: 300 },
    );
  });
  it('reads as a ReadonlyMap of call id to wait, in due order (real retries first, then by due time and call order)', () => {
    const waits = [waitOf(3, 1, 0), waitOf(1, 2, 5), waitOf(2, 1, 0), waitOf(4, 3, 1)];
    const waiting = waits.reduce(withWaiting, emptyWaiting());
    const inOrder = ['call-04', 'call-01', 'call-02', 'call-03'];
    expect([...waiting.keys()]).toEqual(inOrder);
    expect([...waiting.values()].map((w) => w.callId)).toEqual(inOrder);
    expect([...waiting].map(([callId, w]) => [callId, w.callId])).toEqual(inOrder.map((id) => [id, id]));
    expect([...waiting.entries()].map(([callId]) => callId)).toEqual(inOrder);
    const seen: string[] = [];
    waiting.forEach((wait, callId, map) => {
      expect(map).toBe(waiting);
      seen.push(`${callId}=${wait.callId}`);
    });
    expect(seen).toEqual(inOrder.map((id) => `${id}=${id}`));
    expect([waiting.has('call-02'), waiting.has('call-05'), waiting.get('call-05')]).toEqual([true, false, undefined]);
    expect(withoutWaiting(waiting, 'call-05')).toBe(waiting);
    expect(emptyWaiting().size).toBe(0);
  });
});
