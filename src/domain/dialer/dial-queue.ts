import { type Contact, contactOf } from '../phone/number-entry.js';
import { appendNew, emptyList, positionIn, type AppendOnlyList } from '../shared/append-only-list.js';

/** A call waiting for its first dial, in the order it was added, with what is known of its recipient. */
export type QueuedCall = Readonly<{ callId: string; phoneNumber: string } & Contact>;

/** The calls of a campaign waiting to be dialed, in the order they were added, one per call id. */
export type DialQueue = AppendOnlyList<QueuedCall>;

export const emptyDialQueue = (): DialQueue => emptyList();

export const positionOf = (queue: DialQueue, callId: string): number | undefined => positionIn(queue, callId);

/** Appends the calls not queued yet (by call id); a call already present keeps its place. */
export const enqueueCalls = (queue: DialQueue, calls: readonly QueuedCall[]): DialQueue =>
  appendNew(queue, calls.map((call) => ({ callId: call.callId, phoneNumber: call.phoneNumber, ...contactOf(call) })), (call) => call.callId);
