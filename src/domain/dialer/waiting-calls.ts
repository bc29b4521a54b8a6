import { toEpochMs } from '../shared/instant.js';
import { treeDelete, treeEntries, treeGet, treeSet, treeSize, type Tree } from '../shared/persistent-tree.js';
import type { Instant } from '../shared/event.js';
import type { DialWait } from './dialer.events.js';

/**
 * A call waiting for attempt `attempt`, not before `dueAt`: a retry (`retry_delay`), or any attempt
 * held back by its recipient's hours or its number's frequency cap.
 */
export type PendingRetry = Readonly<{
  callId: string;
  attempt: number;
  phoneNumber: string;
  order: number;
  dueAt: Instant;
  waitingFor: 'retry_delay' | DialWait;
}>;

/** Real retries (attempt 2 and on) before first attempts held back: retries first (DESIGN §6.3), then by due time and call order. */
type DueKey = Readonly<{ group: 0 | 1; dueMs: number; order: number }>;

const compareDue = (a: DueKey, b: DueKey): number => a.group - b.group || a.dueMs - b.dueMs || a.order - b.order;
const compareCall = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const dueKeyOf = (wait: PendingRetry): DueKey => ({ group: wait.attempt > 1 ? 0 : 1, dueMs: toEpochMs(wait.dueAt), order: wait.order });

/**
 * The calls waiting without a slot, by call id and by when they fall due: an immutable map whose
 * changes share structure, so a decision costs O(log n) in the number waiting rather than a copy
 * and a sort of them all (a 100,000-number campaign can hold tens of thousands waiting for their
 * recipients' hours). Iterates in due order: retries first, then by due time, then call order.
 */
export type WaitingCalls = ReadonlyMap<string, PendingRetry> &
  Readonly<{ byCall: Tree<string, Readonly<{ wait: PendingRetry; key: DueKey }>>; byDue: Tree<DueKey, PendingRetry> }>;

const waitingCalls = (byCall: WaitingCalls['byCall'], byDue: WaitingCalls['byDue']): WaitingCalls => {
  const values = () => (function* () {
    for (const [, wait] of treeEntries(byDue, compareDue)) yield wait;
  })();
  const entries = () => (function* (): Generator<[string, PendingRetry]> {
    for (const [, wait] of treeEntries(byDue, compareDue)) yield [wait.callId, wait];
  })();
  const self = {
    byCall,
    byDue,
    size: treeSize(byCall),
    get: (callId: string) => treeGet(byCall, callId, compareCall)?.wait,
    has: (callId: string) => treeGet(byCall, callId, compareCall) !== undefined,
    values,
    entries,
    keys: () => (function* () {
      for (const [callId] of entries()) yield callId;
    })(),
    forEach: (each: (wait: PendingRetry, callId: string, map: ReadonlyMap<string, PendingRetry>) => void) => {
      for (const [callId, wait] of entries()) each(wait, callId, self);
    },
    [Symbol.iterator]: entries,
  } as unknown as WaitingCalls;
  return self;
};

const EMPTY = waitingCalls(null, null);

export const emptyWaiting = (): WaitingCalls => EMPTY;

export const withWaiting = (waiting: WaitingCalls, wait: PendingRetry): WaitingCalls => {
  const cleared = withoutWaiting(waiting, wait.callId);
  const key = dueKeyOf(wait);
  return waitingCalls(treeSet(cleared.byCall, wait.callId, { wait, key }, compareCall), treeSet(cleared.byDue, key, wait, compareDue));
};

export const withoutWaiting = (waiting: WaitingCalls, callId: string): WaitingCalls => {
  const found = treeGet(waiting.byCall, callId, compareCall);
  if (found === undefined) return waiting;
  return waitingCalls(treeDelete(waiting.byCall, callId, compareCall), treeDelete(waiting.byDue, found.key, compareDue));
};

export const waitingOf = (waits: Iterable<PendingRetry>): WaitingCalls => {
  let waiting = EMPTY;
  for (const wait of waits) waiting = withWaiting(waiting, wait);
  return waiting;
};

/** The calls due at `nowMs`, retries first, earliest due first, ties by call order; lazy, for a selection that stops when the slots are full. */
export function* dueWaiting(waiting: WaitingCalls, nowMs: number): Generator<PendingRetry> {
  for (const group of [0, 1] as const) {
    for (const [key, wait] of treeEntries(waiting.byDue, compareDue, { group, dueMs: -Infinity, order: -Infinity })) {
      if (key.group !== group || key.dueMs > nowMs) break;
      yield wait;
    }
  }
}

/** The earliest due time after `nowMs` of any waiting call, or null. */
export const nextDueAfter = (waiting: WaitingCalls, nowMs: number): number | null => {
  let earliest: number | null = null;
  for (const group of [0, 1] as const) {
    for (const [key] of treeEntries(waiting.byDue, compareDue, { group, dueMs: nowMs, order: Infinity })) {
      if (key.group === group && (earliest === null || key.dueMs < earliest)) earliest = key.dueMs;
      break;
    }
  }
  return earliest;
};
