import type { Instant } from '../shared/event.js';
import { isAtOrBefore } from '../shared/instant.js';
import type { DncSource } from './number.events.js';

export type DncListing = Readonly<{ reason: string; source: DncSource; expiresAt: Instant | null; callId: string | null }>;

export type DialClaim = Readonly<{ campaignId: string | null; callId: string; attempt: number; subject: string; at: Instant }>;

/**
 * Not a union on status: whether a listing holds depends on the instant asked about (it may have
 * expired since), so the state keeps the listing and lets `activeListing` answer for a given now.
 * `claims` holds only those recent enough for any cap to count (see MAX_CAP_WINDOW_MS), and only
 * the latest claim of each attempt.
 */
export type NumberState = Readonly<{ listing: DncListing | null; claims: readonly DialClaim[] }>;

/** The listing in force at `now`: an entry stops applying at its `expiresAt`. */
export const activeListing = (state: NumberState, now: Instant): DncListing | null => {
  const { listing } = state;
  if (listing === null) return null;
  return listing.expiresAt !== null && isAtOrBefore(listing.expiresAt, now) ? null : listing;
};
