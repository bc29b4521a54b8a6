import type { CallOutcome } from '../call/call.events.js';
import type { DomainEvent, Instant } from '../shared/event.js';

/**
 * The dialer's own decisions, one stream per campaign (`dialer-<campaignId>`, single calls:
 * `dialer-single`). Only the lease holder appends, always with an expected version: that version is
 * the one serialization point that keeps a campaign's in-flight dials under its cap.
 */

/** A worker took the campaign over; its first append bumps the version, fencing any earlier owner. */
export type DialerLeaseAcquired = DomainEvent<'DialerLeaseAcquired', { owner: string }>;
/** A slot is taken for (call, attempt), before the call stream records the attempt. */
export type DialStarted = DomainEvent<'DialStarted', { callId: string; attempt: number; phoneNumber: string }>;
/** `abandoned`: the attempt never started on the call stream, so the call goes back to the queue. */
export type DialEndOutcome = CallOutcome | 'abandoned';
/** The slot is free again; `retryDueAt` when the call will be dialed again, `terminal` when never. */
export type DialEnded = DomainEvent<
  'DialEnded',
  { callId: string; attempt: number; outcome: DialEndOutcome; retryDueAt: Instant | null; terminal: boolean }
>;

export type DialerEvent = DialerLeaseAcquired | DialStarted | DialEnded;

/** Single calls (POST /calls) share one pseudo-campaign with this id. */
export const SINGLE_CALLS_ID = 'single';

export const dialerStream = (campaignId: string): `dialer-${string}` => `dialer-${campaignId}`;
