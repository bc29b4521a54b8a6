import type { DomainEvent, Instant } from '../shared/event.js';

export const CALL_OUTCOMES = ['answered', 'busy', 'no_answer', 'rejected', 'timeout', 'error'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type FailureOutcome = Exclude<CallOutcome, 'answered'>;

/** The call enters the dial queue; `campaignId` is null for a single call outside any campaign. */
export type CallScheduled = DomainEvent<
  'CallScheduled',
  { callId: string; campaignId: string | null; phoneNumber: string }
>;
/** The calls-per-second budget a dial request took its token from: at most `count` requests in any `windowMs`. */
export type AttemptRate = Readonly<{ count: number; windowMs: number }>;
/**
 * Attempt n (1-based) started: the dial is requested. Appended before the provider is asked and,
 * under a calls-per-second budget (`rate`), right after the token was taken: its instant is the request's.
 */
export type CallAttempted = DomainEvent<'CallAttempted', { attempt: number; rate?: AttemptRate }>;
/** The person picked up: the ring clock stops, and this attempt can only end as answered (invariant 12). */
export type CallAnswered = DomainEvent<'CallAnswered', { attempt: number; providerCallId: string | null }>;
/**
 * Why an answered attempt ended other than by a normal hang-up: the dialer cut it at
 * CALL_MAX_DURATION_MS, or the provider reported a failure after the person had answered.
 */
export type CallEndReason = 'max_duration' | 'dropped';
export type CallCompleted = DomainEvent<
  'CallCompleted',
  { attempt: number; providerCallId: string | null; durationMs: number | null; endReason?: CallEndReason }
>;
export type CallFailed = DomainEvent<
  'CallFailed',
  { attempt: number; outcome: FailureOutcome; providerCallId: string | null; willRetry: boolean }
>;
export type CallRetryScheduled = DomainEvent<'CallRetryScheduled', { attempt: number; dueAt: Instant }>;
export type CallCancelled = DomainEvent<'CallCancelled', { reason: string }>;
export const SKIP_REASONS = ['dnc', 'opted_out'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
/**
 * Terminal: the number must not be dialed (do-not-call list, or the person opted out). `attempt` is
 * the attempt that was not made; a never-attempted call's stream is `CallScheduled` + `CallSkipped`.
 */
export type CallSkipped = DomainEvent<'CallSkipped', { attempt: number; reason: SkipReason }>;

export type CallEvent =
  | CallScheduled
  | CallAttempted
  | CallAnswered
  | CallCompleted
  | CallFailed
  | CallRetryScheduled
  | CallCancelled
  | CallSkipped;

export const callStream = (callId: string): `call-${string}` => `call-${callId}`;
