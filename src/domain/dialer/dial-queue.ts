import { type Contact, contactOf } from '../phone/number-entry.js';
import { packE164, packUuid, sameUuid, unpackE164, unpackUuid, UUID_BYTES } from '../shared/packed-call.js';

/** A call waiting for its first dial, in the order it was added, with what is known of its recipient. */
export type QueuedCall = Readonly<{ callId: string; phoneNumber: string } & Contact>;

/**
 * Storage shared by the queues folded from one another: a campaign of a million numbers keeps a
 * million calls here for as long as it runs, so the usual call — a UUID and an E.164 number, no
 * contact fields — is 16 bytes, a float and a slot of an open-addressing index (about 40 bytes with
 * the arrays' spare room) rather than an object, two strings and a Map entry (about 200).
 */
type Store = {
  length: number;
  /** 16 bytes per call; zeros when its id does not pack. */
  ids: Uint8Array;
  /** The E.164 digits per call. */
  numbers: Float64Array;
  /** Position + 1 of the call whose packed id hashes here (linear probing), 0 = empty; at most half full. */
  slots: Int32Array;
  /** Calls that do not pack whole (an id or number in another form, contact fields), by position. */
  others: Map<number, QueuedCall>;
  /** Positions of the calls whose id does not pack. */
  otherIds: Map<string, number>;
};

/**
 * The calls of a campaign waiting to be dialed, in the order they were added, one per call id.
 * Append-only: each queue sees the first `length` calls of its store, and appending to a queue that
 * is not the newest copies the store first, so every fold stays pure.
 */
export type DialQueue = Readonly<{ length: number; store: Store }>;

/** A power of two (probing wraps with a mask) at least twice the capacity. */
const slotCount = (capacity: number): number => (capacity === 0 ? 0 : 2 ** Math.ceil(Math.log2(capacity * 2)));

const newStore = (capacity: number): Store => ({
  length: 0,
  ids: new Uint8Array(capacity * UUID_BYTES),
  numbers: new Float64Array(capacity),
  slots: new Int32Array(slotCount(capacity)),
  others: new Map(),
  otherIds: new Map(),
});

const EMPTY: DialQueue = { length: 0, store: newStore(0) };

export const emptyDialQueue = (): DialQueue => EMPTY;

/**
 * FNV-1a over all sixteen bytes: ids that share their last bytes (a UUID v1's node, ids made by
 * hand) still spread, where a few bytes would send them all to one probe chain.
 */
const slotOf = (ids: Uint8Array, at: number, slots: Int32Array): number => {
  let hash = 0x811c9dc5;
  for (let i = at; i < at + UUID_BYTES; i += 1) hash = Math.imul(hash ^ ids[i]!, 0x01000193);
  return hash & (slots.length - 1);
};

/** The position of the packed id at `key[keyAt]`, or -1. */
const find = (store: Store, key: Uint8Array, keyAt: number): number => {
  const { slots, ids } = store;
  if (slots.length === 0) return -1;
  for (let slot = slotOf(key, keyAt, slots); ; slot = (slot + 1) & (slots.length - 1)) {
    const entry = slots[slot]!;
    if (entry === 0) return -1;
    if (sameUuid(ids, (entry - 1) * UUID_BYTES, key, keyAt)) return entry - 1;
  }
};

const index = (store: Store, position: number): void => {
  const { slots, ids } = store;
  let slot = slotOf(ids, position * UUID_BYTES, slots);
  while (slots[slot] !== 0) slot = (slot + 1) & (slots.length - 1);
  slots[slot] = position + 1;
};

const packed = (ids: Uint8Array, position: number): boolean => {
  for (let at = position * UUID_BYTES; at < (position + 1) * UUID_BYTES; at += 1) if (ids[at] !== 0) return true;
  return false;
};

/** A store holding the first `length` calls of `from` with room for `capacity`. */
const copyOf = (from: Store, length: number, capacity: number): Store => {
  const store = newStore(capacity);
  store.length = length;
  store.ids.set(from.ids.subarray(0, length * UUID_BYTES));
  store.numbers.set(from.numbers.subarray(0, length));
  for (let position = 0; position < length; position += 1) if (packed(store.ids, position)) index(store, position);
  for (const [position, call] of from.others) if (position < length) store.others.set(position, call);
  for (const [id, position] of from.otherIds) if (position < length) store.otherIds.set(id, position);
  return store;
};

const KEY = new Uint8Array(UUID_BYTES);

export const positionOf = (queue: DialQueue, callId: string): number | undefined => {
  const { store } = queue;
  const at = packUuid(callId, KEY, 0) ? find(store, KEY, 0) : store.otherIds.get(callId);
  return at !== undefined && at >= 0 && at < queue.length ? at : undefined;
};

/** The call at `position` (0 ≤ position < length). */
export const callAt = (queue: DialQueue, position: number): QueuedCall => {
  const { store } = queue;
  return store.others.get(position) ?? { callId: unpackUuid(store.ids, position * UUID_BYTES), phoneNumber: unpackE164(store.numbers[position]!) };
};

/** Every call, in order (a copy: O(n), for views and replays, not for the hot path). */
export const queuedCalls = (queue: DialQueue): QueuedCall[] => Array.from({ length: queue.length }, (_, position) => callAt(queue, position));

const append = (store: Store, call: QueuedCall): void => {
  const position = store.length;
  const contact = contactOf(call);
  const digits = packE164(call.phoneNumber);
  const idPacked = packUuid(call.callId, store.ids, position * UUID_BYTES);
  if (idPacked) index(store, position);
  else {
    store.ids.fill(0, position * UUID_BYTES, (position + 1) * UUID_BYTES);
    store.otherIds.set(call.callId, position);
  }
  store.numbers[position] = digits;
  if (Number.isNaN(digits) || !idPacked || Object.keys(contact).length > 0) {
    store.others.set(position, { callId: call.callId, phoneNumber: call.phoneNumber, ...contact });
  }
  store.length = position + 1;
};

/** Appends the calls not queued yet (by call id; the first of a batch wins); a call already present keeps its place. */
export const enqueueCalls = (queue: DialQueue, calls: readonly QueuedCall[]): DialQueue => {
  if (calls.every((call) => positionOf(queue, call.callId) !== undefined)) return queue;
  const capacity = queue.store.numbers.length;
  const needed = queue.length + calls.length;
  const owned = queue.store.length === queue.length && needed <= capacity;
  const store = owned ? queue.store : copyOf(queue.store, queue.length, 2 ** Math.ceil(Math.log2(Math.max(needed, capacity * 2, 16))));
  for (const call of calls) if (positionOf({ length: store.length, store }, call.callId) === undefined) append(store, call);
  return store.length === queue.length ? queue : { length: store.length, store };
};
