import type { RetryPolicy } from '../campaign/campaign-config.js';
import type { CallOutcome, FailureOutcome } from './call.events.js';

/** A rejected dial (bad number, blocked) fails the same way every time, so it is never retried. */
export const RETRYABLE_OUTCOMES: ReadonlySet<CallOutcome> = new Set<FailureOutcome>([
  'busy',
  'no_answer',
  'timeout',
  'error',
]);

/** Delay before the retry that follows failed attempt `attempt` (1-based): exponential, capped. */
export const retryDelayMs = (policy: RetryPolicy, attempt: number): number =>
  Math.round(Math.min(policy.initialDelayMs * policy.backoffMultiplier ** (attempt - 1), policy.maxDelayMs));

/** One first attempt plus `maxRetries` retries. */
export const willRetry = (policy: RetryPolicy, attempt: number, outcome: CallOutcome): boolean =>
  RETRYABLE_OUTCOMES.has(outcome) && attempt <= policy.maxRetries;
