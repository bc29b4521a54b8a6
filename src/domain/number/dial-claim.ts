import type { Instant } from '../shared/event.js';
import { fromEpochMs, toEpochMs } from '../shared/instant.js';
import type { FrequencyCap } from './frequency-cap.js';
import type { ClaimDial } from './number.commands.js';
import type { NumberDialClaimed } from './number.events.js';
import { activeListing, type DialClaim, type NumberState } from './number.state.js';

export type DialRefusal =
  | Readonly<{ refused: 'dnc' | 'opted_out'; /** When the entry expires; null: never. */ nextAllowedAt: Instant | null }>
  | Readonly<{ refused: 'frequency_cap'; nextAllowedAt: Instant; cap: FrequencyCap }>;

/** `events` is empty when this attempt had already claimed the number (a retried claim). */
export type ClaimDecision = Readonly<{ claimed: readonly NumberDialClaimed[] }> | DialRefusal;

/**
 * When a cap lets the next attempt through: with n claims of the subject inside the window, the
 * (n − limit + 1)-th oldest must leave it first. Null when the cap does not bind now.
 */
export const capReleaseAt = (cap: FrequencyCap, claims: readonly DialClaim[], subject: string, now: Instant): Instant | null => {
  const since = toEpochMs(now) - cap.windowMs;
  // Claims stamped ahead of `now` (another instance's clock) count too: the cap errs on the safe side.
  const inWindow = claims
    .filter((c) => c.subject === subject && toEpochMs(c.at) > since)
    .map((c) => toEpochMs(c.at))
    .sort((a, b) => a - b);
  if (inWindow.length < cap.limit) return null;
  return fromEpochMs(inWindow[inWindow.length - cap.limit]! + cap.windowMs);
};

const bindingCap = (command: ClaimDial, claims: readonly DialClaim[]): DialRefusal | null => {
  let refusal: DialRefusal | null = null;
  for (const cap of command.caps) {
    const releaseAt = capReleaseAt(cap, claims, command.subject, command.now);
    if (releaseAt !== null && (refusal === null || toEpochMs(releaseAt) > toEpochMs(refusal.nextAllowedAt!))) {
      refusal = { refused: 'frequency_cap', nextAllowedAt: releaseAt, cap };
    }
  }
  return refusal;
};

/**
 * The do-not-call list first (it applies to every campaign and single call, even to an attempt that
 * claimed the number before a crash and asks again), then every cap; the latest release time wins.
 */
export const decideClaim = (command: ClaimDial, state: NumberState): ClaimDecision => {
  const listing = activeListing(state, command.now);
  if (listing !== null) return { refused: listing.source === 'opt_out' ? 'opted_out' : 'dnc', nextAllowedAt: listing.expiresAt };
  const { phoneNumber, campaignId, callId, attempt, subject, now } = command;
  if (state.claims.some((c) => c.callId === callId && c.attempt === attempt)) return { claimed: [] };
  const capped = bindingCap(command, state.claims);
  if (capped !== null) return capped;
  return { claimed: [{ type: 'NumberDialClaimed', data: { phoneNumber, campaignId, callId, attempt, subject, at: now } }] };
};
