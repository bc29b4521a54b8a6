import { callAt, enqueueCalls, emptyDialQueue, positionOf } from './dial-queue.js';
import type { DialerCarry } from './dialer.events.js';
import type { DialerState, InFlightDial } from './dialer.state.js';
import { waitingOf } from './waiting-calls.js';

/**
 * The open part of a state: dials in flight, pending retries and never-attempted calls. Calls that
 * ended for good are only counted, which is what keeps a new segment small.
 */
export const carryOf = (state: DialerState): DialerCarry => {
  const byOrder = <T extends { order: number }>(items: Iterable<T>): T[] => [...items].sort((a, b) => a.order - b.order);
  const pending = [...state.requeued, ...Array.from({ length: Math.max(0, state.queue.length - state.cursor) }, (_, i) => state.cursor + i)]
    .sort((a, b) => a - b)
    .map((position) => callAt(state.queue, position));
  return {
    owner: state.owner,
    inFlight: byOrder(state.inFlight.values()).map(({ callId, attempt, phoneNumber, retryDueAt }) => ({ callId, attempt, phoneNumber, retryDueAt })),
    retries: byOrder(state.retries.values()).map(({ callId, attempt, phoneNumber, dueAt, waitingFor }) => ({
      callId,
      attempt,
      phoneNumber,
      dueAt,
      ...(waitingFor === 'retry_delay' ? {} : { waitingFor }),
    })),
    pending: pending.map(({ callId, phoneNumber }) => ({ callId, phoneNumber })),
    completed: state.completed,
    failed: state.failed,
    skipped: state.skipped,
  };
};

/**
 * The state a segment starts from: dialed calls first (so they are past the cursor), then the
 * never-attempted ones. Orders are renumbered, but relative order — the tie-break between retries
 * due together — is kept.
 */
export const stateFromCarry = (state: DialerState, carried: DialerCarry): DialerState => {
  const dialed = [...carried.inFlight, ...carried.retries];
  const queue = enqueueCalls(emptyDialQueue(), [...dialed, ...carried.pending].map(({ callId, phoneNumber }) => ({ callId, phoneNumber })));
  const order = (callId: string): number => positionOf(queue, callId)!;
  const inFlight = new Map<string, InFlightDial>(carried.inFlight.map((d) => [d.callId, { ...d, order: order(d.callId) }]));
  const retries = waitingOf(carried.retries.map((r) => ({ ...r, waitingFor: r.waitingFor ?? 'retry_delay', order: order(r.callId) })));
  const { completed, failed, skipped = 0, owner } = carried;
  return { ...state, queue, cursor: dialed.length, requeued: [], inFlight, retries, completed, failed, skipped, owner };
};
