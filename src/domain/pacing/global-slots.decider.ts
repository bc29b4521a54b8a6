import { campaignKey, foldGlobalSlots, grantDecision, roomFor, slotKey, type GlobalSlotsState } from './global-share.js';
import type { GlobalSlotsEvent } from './global-slots.events.js';

export type SlotRef = Readonly<{ callId: string; attempt: number }>;
export type GrantRequest = Readonly<{ campaignId: string | null; callId: string; attempt: number; weight: number }>;
export type DemandChange = Readonly<{ campaignId: string | null; waiting: boolean; weight: number }>;

/** What this process asks of the ledger at once; `grants` in the order asked. */
export type LedgerRequests = Readonly<{ releases: readonly SlotRef[]; demands: readonly DemandChange[]; grants: readonly GrantRequest[] }>;

/** Per grant asked: granted (again, when an open grant for the slot already exists) or denied. */
export type GrantVerdict = 'granted' | 'reused' | 'denied';

/**
 * Decides a batch against the ledger at one version (appended expecting that version): releases
 * first (only slots granted and still open: idempotent), then demand changes that change something,
 * then each grant in turn — an open grant of the same slot is reused (a takeover re-running a dial),
 * otherwise granted only while the campaign has room by the share rule.
 */
export const decideLedger = (state: GlobalSlotsState, cap: number, requests: LedgerRequests): { events: GlobalSlotsEvent[]; verdicts: GrantVerdict[] } => {
  const events: GlobalSlotsEvent[] = [];
  const open = [...new Map(requests.releases.map((s) => [slotKey(s.callId, s.attempt), s])).entries()].filter(([key]) => state.grants.has(key));
  if (open.length > 0) events.push({ type: 'GlobalSlotsReleased', data: { slots: open.map(([, { callId, attempt }]) => ({ callId, attempt })) } });
  let draft = foldGlobalSlots(state, events);
  for (const { campaignId, waiting, weight } of requests.demands) {
    const now = draft.campaigns.get(campaignKey(campaignId));
    if ((now?.waiting ?? false) === waiting && (!waiting || now?.weight === weight)) continue;
    const change: GlobalSlotsEvent = { type: 'GlobalDemandChanged', data: { campaignId, waiting, weight } };
    events.push(change);
    draft = foldGlobalSlots(draft, [change]);
  }
  const verdicts = requests.grants.map(({ campaignId, callId, attempt, weight }): GrantVerdict => {
    if (draft.grants.has(slotKey(callId, attempt))) return 'reused';
    const key = campaignKey(campaignId);
    if (roomFor(draft, cap, key, weight) < 1) return 'denied';
    const grant: GlobalSlotsEvent = { type: 'GlobalSlotGranted', data: { campaignId, callId, attempt, weight, decision: grantDecision(draft, cap, key, weight) } };
    events.push(grant);
    draft = foldGlobalSlots(draft, [grant]);
    return 'granted';
  });
  return { events, verdicts };
};
