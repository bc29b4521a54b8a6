import type { CallOutcome } from '../call/call.events.js';
import type { DomainEvent, Instant } from '../shared/event.js';
import type { RecipientDecision } from './recipient-gate.js';

/**
 * The dialer's own decisions, one stream per campaign (`dialer-<campaignId>`, single calls:
 * `dialer-single`). Only the lease holder appends, always with an expected version: that version is
 * the one serialization point that keeps a campaign's in-flight dials under its cap.
 */

/** A worker took the campaign over; its first append bumps the version, fencing any earlier owner. */
export type DialerLeaseAcquired = DomainEvent<'DialerLeaseAcquired', { owner: string }>;
/**
 * Why a dial was started then (DESIGN §9): the slot it took under the cap, the retry's due time, and
 * the recipient-hours verdict (null when no recipient gate applies: single calls, or a campaign
 * created before the gate existed). Absent on events recorded before decisions were recorded.
 */
export type DialDecision = Readonly<{ inFlight: number; cap: number; retryDueAt: Instant | null; recipient: RecipientDecision | null; global?: GlobalInputs }>;
/** The global cap's inputs when one is set: slots in flight across every campaign (as this instance saw them), the cap, this campaign's share and weight. */
export type GlobalInputs = Readonly<{ inFlight: number; cap: number; share: number; weight: number }>;
/** A slot is taken for (call, attempt), before the call stream records the attempt. */
export type DialStarted = DomainEvent<'DialStarted', { callId: string; attempt: number; phoneNumber: string; decision?: DialDecision }>;
/** What a call may wait for without taking a slot (DESIGN §3 `waitingFor`). */
export const DIAL_WAITS = ['recipient_hours', 'frequency_cap', 'rate_limit', 'global_cap'] as const;
export type DialWait = (typeof DIAL_WAITS)[number];
/**
 * The call may not be dialed before `until`: its recipient's hours are closed (decided here, no slot
 * taken) or its number's frequency cap binds (learnt when the claim was refused). Retries first
 * still holds among the calls that may be dialed.
 */
export type DialDeferred = DomainEvent<
  'DialDeferred',
  { callId: string; attempt: number; phoneNumber: string; waitingFor: DialWait; until: Instant; recipient: RecipientDecision | null }
>;
export type SkipReason = 'dnc' | 'opted_out';
/**
 * `abandoned`: the attempt never started on the call stream, so the call goes back to the queue.
 * `skipped`: the number is on the do-not-call list (`skipReason`), the call ends for good undialed.
 * `deferred`: the attempt was not recorded and waits until `retryDueAt` without its slot, for
 * `waitingFor`: the number's frequency cap bound, or no calls-per-second token was free (events
 * recorded before `waitingFor` existed were all frequency caps).
 * A global-cap wait (`global_cap`) is due at once, but nothing is dialed while the cap has no room.
 */
export type DialEndOutcome = CallOutcome | 'abandoned' | 'skipped' | 'deferred';
/** The slot is free again; `retryDueAt` when the call will be dialed again, `terminal` when never. */
export type DialEnded = DomainEvent<
  'DialEnded',
  {
    callId: string;
    attempt: number;
    outcome: DialEndOutcome;
    retryDueAt: Instant | null;
    terminal: boolean;
    skipReason?: SkipReason;
    waitingFor?: DialWait;
  }
>;

/** What a new segment of a long-lived dialer stream starts from: the dials and calls still open. */
export type DialerCarry = Readonly<{
  owner: string | null;
  /** Dialed at least once, in call order: the dials in flight and the pending retries. */
  inFlight: ReadonlyArray<{ callId: string; attempt: number; phoneNumber: string; retryDueAt: Instant | null }>;
  retries: ReadonlyArray<{ callId: string; attempt: number; phoneNumber: string; dueAt: Instant; waitingFor?: DialWait }>;
  /** Never attempted, in the order they were queued. */
  pending: ReadonlyArray<{ callId: string; phoneNumber: string }>;
  completed: number;
  failed: number;
  skipped?: number;
}>;
/** First event of segment n ≥ 1: the state carried over, so a takeover reads this segment only. */
export type DialerSegmentOpened = DomainEvent<'DialerSegmentOpened', { segment: number; carried: DialerCarry }>;
/** Last event of a full segment, appended with its expected version: it fences every writer of it. */
export type DialerSegmentClosed = DomainEvent<'DialerSegmentClosed', { next: number }>;

export type DialerEvent = DialerLeaseAcquired | DialStarted | DialDeferred | DialEnded | DialerSegmentOpened | DialerSegmentClosed;

/** Single calls (POST /calls) share one pseudo-campaign with this id. */
export const SINGLE_CALLS_ID = 'single';

export const dialerStream = (campaignId: string): `dialer-${string}` => `dialer-${campaignId}`;

/**
 * The single calls never end, so their dialer stream would grow with every call ever made and be
 * re-read in full on each takeover: it is cut into segments, `dialer-single` (segment 0, as before)
 * then `dialer-single.1`, `dialer-single.2`…, each opened with the state carried over.
 */
export const dialerSegmentStream = (id: string, segment: number): `dialer-${string}` =>
  segment === 0 ? dialerStream(id) : `${dialerStream(id)}.${segment}`;
