import type { Instant } from '../shared/event.js';
import type { CallOutcome, FailureOutcome, SkipReason } from './call.events.js';

export const CALL_STATUSES = ['pending', 'in_progress', 'retry_scheduled', 'completed', 'failed', 'cancelled', 'skipped'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * `attempt` is the number of the latest attempt started (0 before the first). Start and end times of
 * attempts are not in the events' data; views take them from `metadata.recordedAt`.
 */
type Existing = Readonly<{
  callId: string;
  campaignId: string | null;
  phoneNumber: string;
  attempt: number;
  lastOutcome: CallOutcome | null;
  /** The latest attempt was answered: it can no longer end unanswered nor be retried. */
  answered: boolean;
}>;

export type CallState =
  | Readonly<{ status: 'initial' }>
  | (Existing & Readonly<{ status: 'pending' | 'in_progress' | 'cancelled' }>)
  | (Existing & Readonly<{ status: 'completed'; lastOutcome: 'answered' }>)
  | (Existing & Readonly<{ status: 'failed'; lastOutcome: FailureOutcome }>)
  | (Existing & Readonly<{ status: 'skipped'; skipReason: SkipReason }>)
  | (Existing &
      Readonly<{
        status: 'retry_scheduled';
        lastOutcome: FailureOutcome;
        /** Null only between `CallFailed{willRetry}` and its `CallRetryScheduled`, appended together. */
        nextAttemptDueAt: Instant | null;
      }>);

export type ExistingCallState = Exclude<CallState, { status: 'initial' }>;

export const isTerminalCall = (state: CallState): boolean =>
  state.status === 'completed' || state.status === 'failed' || state.status === 'cancelled' || state.status === 'skipped';
