import { type Contact, contactOf } from '../phone/number-entry.js';
import { appendNew, emptyList, itemsOf, positionIn, type AppendOnlyList } from '../shared/append-only-list.js';

/** Contact fields are optional: events recorded before numbers could carry them have none. */
export type CampaignCall = Readonly<{ callId: string; phoneNumber: string } & Contact>;

/** The calls of a campaign in the order they were added, one per phone number. */
export type CallList = AppendOnlyList<CampaignCall>;

const byNumber = (call: CampaignCall): string => call.phoneNumber;

export const emptyCallList = (): CallList => emptyList();

export const hasPhoneNumber = (list: CallList, phoneNumber: string): boolean => positionIn(list, phoneNumber) !== undefined;

export const callOf = (list: CallList, phoneNumber: string): CampaignCall | undefined => {
  const at = positionIn(list, phoneNumber);
  return at === undefined ? undefined : list.entries[at];
};

/** The calls as a plain array (a copy: O(n), for views and the dialer, not for the hot path). */
export const listCalls = (list: CallList): CampaignCall[] => itemsOf(list);

/** Adds the calls whose number is not in the list yet; a number already present keeps its first call. */
export const appendCalls = (list: CallList, calls: readonly CampaignCall[]): CallList =>
  appendNew(list, calls.map((call) => ({ callId: call.callId, phoneNumber: call.phoneNumber, ...contactOf(call) })), byNumber);
