import type { RetryPolicy } from '../campaign/campaign-config.js';
import type { Instant } from '../shared/event.js';
import type { AttemptRate, CallOutcome, SkipReason } from './call.events.js';

export type ScheduleCall = Readonly<{
  type: 'ScheduleCall';
  callId: string;
  campaignId: string | null;
  /** E.164, normalized at the edge. */
  phoneNumber: string;
}>;
/** `attempt` is 1-based; the dialer appends it before asking the provider to dial. */
export type StartAttempt = Readonly<{ type: 'StartAttempt'; callId: string; attempt: number; now: Instant; rate?: AttemptRate }>;
/** From a provider webhook or a timeout; `retryPolicy` is the campaign's at the time of the outcome. */
export type RecordOutcome = Readonly<{
  type: 'RecordOutcome';
  callId: string;
  attempt: number;
  outcome: CallOutcome;
  providerCallId: string | null;
  durationMs?: number | null;
  retryPolicy: RetryPolicy;
  now: Instant;
}>;
/** From the provider's `answered` callback: the conversation started. */
export type RecordAnswered = Readonly<{ type: 'RecordAnswered'; callId: string; attempt: number; providerCallId: string | null }>;
/**
 * A dialer clock ran out for the attempt: `ring` (CALL_TIMEOUT_MS, no answer nor end) or
 * `conversation` (CALL_MAX_DURATION_MS after the answer). The call decides what that means.
 */
export type ExpireAttempt = Readonly<{
  type: 'ExpireAttempt';
  callId: string;
  attempt: number;
  clock: 'ring' | 'conversation';
  retryPolicy: RetryPolicy;
  now: Instant;
}>;
export type CancelCall = Readonly<{ type: 'CancelCall'; callId: string; reason: string }>;

/** The dialer found the number listed (or opted out) instead of dialing `attempt`. */
export type SkipCall = Readonly<{ type: 'SkipCall'; callId: string; attempt: number; reason: SkipReason }>;

export type CallCommand = ScheduleCall | StartAttempt | RecordAnswered | RecordOutcome | ExpireAttempt | CancelCall | SkipCall;
