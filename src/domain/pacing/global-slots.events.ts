import type { DomainEvent } from '../shared/event.js';

/**
 * The global slot ledger (DESIGN §6 invariant 11): one stream over every campaign and the single
 * calls, on every instance. A grant is appended with the version its decision was folded from, so
 * two instances cannot both take the last slot; a release only makes room.
 */
export const GLOBAL_SLOTS_STREAM = 'pacing-global' as const;

/**
 * The ledger would grow with every call ever made and be read whole by each worker that starts, so
 * it is cut into segments like the single calls' dialer stream: `pacing-global` (segment 0), then
 * `pacing-global.1`, `pacing-global.2`…, each opened with the open grants and demands carried over.
 */
export const globalSlotsStream = (segment: number): `pacing-${string}` => (segment === 0 ? GLOBAL_SLOTS_STREAM : `${GLOBAL_SLOTS_STREAM}.${segment}`);

/** The segment a ledger stream name is, or null for another stream. */
export const segmentOfStream = (stream: string): number | null => {
  if (stream === GLOBAL_SLOTS_STREAM) return 0;
  const match = /^pacing-global\.(\d+)$/.exec(stream);
  return match ? Number(match[1]) : null;
};

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

/** What a new segment starts from: the grants still open and every campaign's weight and demand. */
export type GlobalSlotsCarry = Readonly<{
  grants: ReadonlyArray<{ campaignId: string | null; callId: string; attempt: number }>;
  campaigns: ReadonlyArray<{ campaignId: string | null; weight: number; waiting: boolean }>;
}>;
/** Last event of a full segment, appended with its expected version: it fences every writer of it. */
export type GlobalSlotsSegmentClosed = DomainEvent<'GlobalSlotsSegmentClosed', { next: number }>;
/** First event of segment n ≥ 1, written by whoever writes to it first. */
export type GlobalSlotsSegmentOpened = DomainEvent<'GlobalSlotsSegmentOpened', { segment: number; carried: GlobalSlotsCarry }>;

export type GlobalSlotsEvent = GlobalSlotGranted | GlobalSlotsReleased | GlobalDemandChanged | GlobalSlotsSegmentClosed | GlobalSlotsSegmentOpened;
