import type { DomainEvent, Instant } from '../shared/event.js';

export const CALL_OUTCOMES = ['answered', 'busy', 'no_answer', 'rejected', 'timeout', 'error'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type FailureOutcome = Exclude<CallOutcome, 'answered'>;

/** The call enters the dial queue; `campaignId` is null for a single call outside any campaign. */
export type CallScheduled = DomainEvent<
  'CallScheduled',
  { callId: string; campaignId: string | null; phoneNumber: string }
>;
/** Attempt n (1-based) started: the dial is requested. Appended before the provider is asked. */
export type CallAttempted = DomainEvent<'CallAttempted', { attempt: number }>;
export type CallCompleted = DomainEvent<
  'CallCompleted',
  { attempt: number; providerCallId: string | null; durationMs: number | null }
>;
export type CallFailed = DomainEvent<
  'CallFailed',
  { attempt: number; outcome: FailureOutcome; providerCallId: string | null; willRetry: boolean }
>;
export type CallRetryScheduled = DomainEvent<'CallRetryScheduled', { attempt: number; dueAt: Instant }>;
export type CallCancelled = DomainEvent<'CallCancelled', { reason: string }>;

export type CallEvent =
  | CallScheduled
  | CallAttempted
  | CallCompleted
  | CallFailed
  | CallRetryScheduled
  | CallCancelled;

export const callStream = (callId: string): string => `call-${callId}`;
