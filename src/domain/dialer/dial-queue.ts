/** A call waiting for its first dial, in the order it was added. */
export type QueuedCall = Readonly<{ callId: string; phoneNumber: string }>;

/**
 * The calls of a campaign in the order they were added, append-only. A campaign can hold 100,000
 * numbers, so states share one backing array and each sees its first `length` entries; appending to a
 * state that is not the newest copies first (as `CallList` does), so every state keeps its meaning.
 */
export type DialQueue = Readonly<{
  length: number;
  entries: QueuedCall[];
  /** callId → position */
  index: Map<string, number>;
}>;

export const emptyDialQueue = (): DialQueue => ({ length: 0, entries: [], index: new Map() });

export const positionOf = (queue: DialQueue, callId: string): number | undefined => {
  const at = queue.index.get(callId);
  return at !== undefined && at < queue.length ? at : undefined;
};

const ownBacking = (queue: DialQueue): DialQueue => {
  if (queue.entries.length === queue.length) return queue;
  const entries = queue.entries.slice(0, queue.length);
  return { length: queue.length, entries, index: new Map(entries.map((c, i) => [c.callId, i])) };
};

/** Appends the calls not queued yet (by call id); a call already present keeps its place. */
export const enqueueCalls = (queue: DialQueue, calls: readonly QueuedCall[]): DialQueue => {
  const fresh = calls.filter((call) => positionOf(queue, call.callId) === undefined);
  if (fresh.length === 0) return queue;
  const owned = ownBacking(queue);
  for (const { callId, phoneNumber } of fresh) {
    if (owned.index.has(callId)) continue;
    owned.index.set(callId, owned.entries.length);
    owned.entries.push({ callId, phoneNumber });
  }
  return { length: owned.entries.length, entries: owned.entries, index: owned.index };
};
