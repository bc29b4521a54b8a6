import { type Contact, contactOf } from '../phone/number-entry.js';

/** Contact fields are optional: events recorded before numbers could carry them have none. */
export type CampaignCall = Readonly<{ callId: string; phoneNumber: string } & Contact>;

/**
 * The calls of a campaign in the order they were added. A campaign can hold 100,000 numbers, so
 * appending a batch must cost O(batch), not a copy of the whole list. States share one backing array
 * and map and each sees its first `length` entries; appending to a state that is not the newest
 * (a fork) copies first, so every state value keeps meaning what it meant: evolve stays pure.
 */
export type CallList = Readonly<{
  length: number;
  entries: CampaignCall[];
  /** phone number → index in `entries` */
  index: Map<string, number>;
}>;

export const emptyCallList = (): CallList => ({ length: 0, entries: [], index: new Map() });

export const hasPhoneNumber = (list: CallList, phoneNumber: string): boolean => {
  const at = list.index.get(phoneNumber);
  return at !== undefined && at < list.length;
};

/** The calls as a plain array (a copy: O(n), for views and the dialer, not for the hot path). */
export const listCalls = (list: CallList): CampaignCall[] => list.entries.slice(0, list.length);

const ownBacking = (list: CallList): CallList => {
  if (list.entries.length === list.length) return list;
  const entries = list.entries.slice(0, list.length);
  return { length: list.length, entries, index: new Map(entries.map((c, i) => [c.phoneNumber, i])) };
};

/** Adds the calls whose number is not in the list yet; a number already present keeps its first call. */
export const appendCalls = (list: CallList, calls: readonly CampaignCall[]): CallList => {
  if (calls.length === 0) return list;
  const owned = ownBacking(list);
  for (const call of calls) {
    if (owned.index.has(call.phoneNumber)) continue;
    owned.index.set(call.phoneNumber, owned.entries.length);
    owned.entries.push({ callId: call.callId, phoneNumber: call.phoneNumber, ...contactOf(call) });
  }
  return { length: owned.entries.length, entries: owned.entries, index: owned.index };
};
