import type { GlobalSlotsCarry, GlobalSlotsEvent, GrantDecision } from './global-slots.events.js';

/** Single calls share the ledger under this key (campaign id null in the events). */
export const SINGLE_CALLS_KEY = 'single';

export type CampaignShare = Readonly<{ inFlight: number; weight: number; waiting: boolean }>;

/** The ledger folded: open grants by `callId#attempt` and, per campaign key, what the share rule needs. */
export type GlobalSlotsState = Readonly<{
  grants: ReadonlyMap<string, Readonly<{ campaign: string; callId: string; attempt: number }>>;
  campaigns: ReadonlyMap<string, CampaignShare>;
  inFlight: number;
}>;

export const initialGlobalSlots = (): GlobalSlotsState => ({ grants: new Map(), campaigns: new Map(), inFlight: 0 });

export const slotKey = (callId: string, attempt: number): string => `${callId}#${attempt}`;
export const campaignKey = (campaignId: string | null): string => campaignId ?? SINGLE_CALLS_KEY;

const IDLE: CampaignShare = { inFlight: 0, weight: 1, waiting: false };

const setCampaign = (campaigns: Map<string, CampaignShare>, key: string, share: CampaignShare): void => {
  if (share.inFlight <= 0 && !share.waiting) campaigns.delete(key);
  else campaigns.set(key, share);
};

/** Folds ledger events; a release of a slot not granted and a grant already open change nothing. */
export const foldGlobalSlots = (state: GlobalSlotsState, events: readonly GlobalSlotsEvent[]): GlobalSlotsState => {
  if (events.length === 0) return state;
  const grants = new Map(state.grants);
  const campaigns = new Map(state.campaigns);
  let inFlight = state.inFlight;
  for (const event of events) {
    switch (event.type) {
      case 'GlobalSlotGranted': {
        const { callId, attempt, weight } = event.data;
        const key = slotKey(callId, attempt);
        if (grants.has(key)) break;
        const campaign = campaignKey(event.data.campaignId);
        grants.set(key, { campaign, callId, attempt });
        const before = campaigns.get(campaign) ?? IDLE;
        setCampaign(campaigns, campaign, { ...before, inFlight: before.inFlight + 1, weight });
        inFlight += 1;
        break;
      }
      case 'GlobalSlotsReleased':
        for (const { callId, attempt } of event.data.slots) {
          const key = slotKey(callId, attempt);
          const grant = grants.get(key);
          if (!grant) continue;
          grants.delete(key);
          const before = campaigns.get(grant.campaign) ?? IDLE;
          setCampaign(campaigns, grant.campaign, { ...before, inFlight: before.inFlight - 1 });
          inFlight -= 1;
        }
        break;
      case 'GlobalDemandChanged': {
        const campaign = campaignKey(event.data.campaignId);
        const before = campaigns.get(campaign) ?? IDLE;
        setCampaign(campaigns, campaign, { ...before, waiting: event.data.waiting, weight: event.data.weight });
        break;
      }
      case 'GlobalSlotsSegmentOpened':
        return foldGlobalSlots(stateFromCarry(event.data.carried), events.slice(events.indexOf(event) + 1));
      case 'GlobalSlotsSegmentClosed':
        break;
      default: {
        const _unknown: never = event;
        break;
      }
    }
  }
  return { grants, campaigns, inFlight };
};

const campaignIdOf = (key: string): string | null => (key === SINGLE_CALLS_KEY ? null : key);

export const carryOf = (state: GlobalSlotsState): GlobalSlotsCarry => ({
  grants: [...state.grants.values()].map(({ campaign, callId, attempt }) => ({ campaignId: campaignIdOf(campaign), callId, attempt })),
  campaigns: [...state.campaigns].map(([key, { weight, waiting }]) => ({ campaignId: campaignIdOf(key), weight, waiting })),
});

/** The state a segment was opened with: the same as the one the closed segment folded to. */
export const stateFromCarry = (carried: GlobalSlotsCarry): GlobalSlotsState => {
  const weights = new Map(carried.campaigns.map((c) => [campaignKey(c.campaignId), c]));
  const events: GlobalSlotsEvent[] = [
    ...carried.campaigns.map((c): GlobalSlotsEvent => ({ type: 'GlobalDemandChanged', data: c })),
    ...carried.grants.map(({ campaignId, callId, attempt }): GlobalSlotsEvent => ({
      type: 'GlobalSlotGranted',
      data: { campaignId, callId, attempt, weight: weights.get(campaignKey(campaignId))?.weight ?? 1, decision: { inFlight: 0, cap: 0, share: 0, active: 0 } },
    })),
  ];
  return foldGlobalSlots(initialGlobalSlots(), events);
};

const isActive = (share: CampaignShare): boolean => share.inFlight > 0 || share.waiting;

/**
 * Campaign `key`'s weighted share of the cap among the active campaigns (in flight or waiting) and
 * itself, with its weight as it asks now: cap × w / Σ w.
 */
export const shareOf = (state: GlobalSlotsState, cap: number, key: string, weight: number): number => {
  let total = weight;
  for (const [other, share] of state.campaigns) if (other !== key && isActive(share)) total += share.weight;
  return (cap * weight) / total;
};

/** Slots a campaign under its share may still claim: ceil(share) − in flight, never below 0. */
const owed = (state: GlobalSlotsState, cap: number, key: string, share: CampaignShare): number =>
  Math.max(0, Math.ceil(shareOf(state, cap, key, share.weight)) - share.inFlight);

/**
 * How many more slots campaign `key` may take now (DESIGN §7.3): none at the cap; otherwise what it
 * is owed of its own share, plus its part of the spare — what is free beyond what every waiting
 * campaign and the asker are owed. A share nobody waits for is lent (work-conserving); a waiting
 * campaign under its share is owed the slots freed next, so a new campaign gets its share back as
 * calls end. Rounding shares up never lets the total pass the cap.
 *
 * Free slots go only to as many contenders (the waiting campaigns and the asker) as there are: a
 * slot freed while every waiting campaign holds its share wakes one of them, not all (each other
 * would append a dial only to be denied and give it back). The one furthest below its weighted
 * share comes first, ties by key: when less is free than is owed (shares rounded up), whole owed
 * amounts in that order; the spare beyond what is owed, one slot each in that order, round and round.
 */
export const roomFor = (state: GlobalSlotsState, cap: number, key: string, weight: number): number => {
  const free = cap - state.inFlight;
  if (free <= 0) return 0;
  const own = { ...(state.campaigns.get(key) ?? IDLE), weight };
  const contenders = [{ key, share: own, owed: owed(state, cap, key, own) }];
  for (const [other, share] of state.campaigns) if (other !== key && share.waiting) contenders.push({ key: other, share, owed: owed(state, cap, other, share) });
  const mine = contenders[0]!.owed;
  const totalOwed = contenders.reduce((sum, c) => sum + c.owed, 0);
  const below = (held: (c: (typeof contenders)[number]) => number) =>
    [...contenders].sort((x, y) => held(x) / x.share.weight - held(y) / y.share.weight || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  if (totalOwed >= free) {
    const ranked = below((c) => c.share.inFlight);
    const before = ranked.slice(0, ranked.findIndex((c) => c.key === key)).reduce((sum, c) => sum + c.owed, 0);
    return Math.max(0, Math.min(mine, free - before));
  }
  const spare = free - totalOwed;
  const ranked = below((c) => c.share.inFlight + c.owed);
  const rank = ranked.findIndex((c) => c.key === key);
  return mine + Math.floor(spare / ranked.length) + (rank < spare % ranked.length ? 1 : 0);
};

/** Campaigns active (in flight or waiting), counting `key` itself. */
export const activeCount = (state: GlobalSlotsState, key: string): number =>
  [...state.campaigns].filter(([other, share]) => other !== key && isActive(share)).length + 1;

/** What a grant to `key` records: the ledger it was decided on. */
export const grantDecision = (state: GlobalSlotsState, cap: number, key: string, weight: number): GrantDecision => ({
  inFlight: state.inFlight,
  cap,
  share: shareOf(state, cap, key, weight),
  active: activeCount(state, key),
});

/** Open grants of one campaign, by slot key. */
export const grantsOf = (state: GlobalSlotsState, key: string): Array<{ callId: string; attempt: number }> =>
  [...state.grants.values()].filter((grant) => grant.campaign === key).map(({ callId, attempt }) => ({ callId, attempt }));
