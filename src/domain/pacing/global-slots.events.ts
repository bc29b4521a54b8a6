import type { DomainEvent } from '../shared/event.js';

/**
 * The global slot ledger (DESIGN §6 invariant 11): one stream over every campaign and the single
 * calls, on every instance. A grant is appended with the version its decision was folded from, so
 * two instances cannot both take the last slot; a release only makes room.
 */
export const GLOBAL_SLOTS_STREAM = 'pacing-global';

/** Why the slot was granted: the ledger as the grant saw it (in flight before it, the cap, this campaign's share, campaigns active). */
export type GrantDecision = Readonly<{ inFlight: number; cap: number; share: number; active: number }>;
/** `campaignId` null: a single call. */
export type GlobalSlotGranted = DomainEvent<
  'GlobalSlotGranted',
  { campaignId: string | null; callId: string; attempt: number; weight: number; decision: GrantDecision }
>;
export type GlobalSlotsReleased = DomainEvent<'GlobalSlotsReleased', { slots: ReadonlyArray<{ callId: string; attempt: number }> }>;
/** The campaign has dialable work the global cap holds back (`waiting`), or no longer: others keep its share free. */
export type GlobalDemandChanged = DomainEvent<'GlobalDemandChanged', { campaignId: string | null; waiting: boolean; weight: number }>;

export type GlobalSlotsEvent = GlobalSlotGranted | GlobalSlotsReleased | GlobalDemandChanged;
