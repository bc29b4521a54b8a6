import type { Instant } from '../shared/event.js';
import { fromEpochMs, toEpochMs } from '../shared/instant.js';
import type { FrequencyCap } from './frequency-cap.js';
import type { ClaimDial } from './number.commands.js';
import type { NumberDialClaimed } from './number.events.js';
import { activeListing, type DialClaim, type NumberState } from './number.state.js';

export type DialRefusal =
  | Readonly<{ refused: 'dnc' | 'opted_out'; /** When the entry expires; null: never. */ nextAllowedAt: Instant | null }>
  | Readonly<{ refused: 'frequency_cap'; nextAllowedAt: Instant; cap: FrequencyCap }>;

/** `claimed` is empty when this attempt had already claimed the number at this instant (the same request, retried). */
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
 * The same request asked again: a claim of this attempt at or after this instant. The gate's
 * conflict re-reads resend the command with its own `now`, so the instant tells a retry from a later
 * claim (after a rate-limit wait, a closed window, a crash) exactly; any tolerance T would let two
 * dials land T inside a cap's window. An instant behind the recorded one (another instance's clock)
 * keeps the later stamp, which counts longer: the safe side.
 */
const isRetryOf = (claim: DialClaim, command: ClaimDial): boolean =>
  claim.callId === command.callId && claim.attempt === command.attempt && toEpochMs(command.now) <= toEpochMs(claim.at);

/**
 * The do-not-call list first (it applies to every campaign and single call, even to an attempt that
 * claimed the number before a crash and asks again), then every cap; the latest release time wins.
 * A later claim by an attempt that claimed before (it waited for a token, or its window closed) is a
 * new claim at its new instant — the dial happens then, not at the first claim — checked against
 * every other claim; once recorded it replaces the earlier one (evolve), so it counts once.
 */
export const decideClaim = (command: ClaimDial, state: NumberState): ClaimDecision => {
  const listing = activeListing(state, command.now);
  if (listing !== null) return { refused: listing.source === 'opt_out' ? 'opted_out' : 'dnc', nextAllowedAt: listing.expiresAt };
  const { phoneNumber, campaignId, callId, attempt, subject, now } = command;
  if (state.claims.some((c) => isRetryOf(c, command))) return { claimed: [] };
  const others = state.claims.filter((c) => c.callId !== callId || c.attempt !== attempt);
  const capped = bindingCap(command, others);
  if (capped !== null) return capped;
  return { claimed: [{ type: 'NumberDialClaimed', data: { phoneNumber, campaignId, callId, attempt, subject, at: now } }] };
};
