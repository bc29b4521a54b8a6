import type { FrequencyCap } from '../../number/frequency-cap.js';
import type { AuditEvent, Violation } from '../audit-event.js';
import type { LogFacts } from '../log-facts.js';

export type Report = (violation: Violation) => void;

/**
 * One invariant as a fold over the log in order: `observe` sees each event after the facts took it
 * in, `finish` runs once at the end. State lives in the closure, one per verification run.
 */
export type Check = Readonly<{
  observe(event: AuditEvent, facts: LogFacts, report: Report): void;
  finish?(facts: LogFacts, report: Report): void;
}>;

export type VerifyOptions = Readonly<{
  /** The org-wide FREQUENCY_CAP the dialer ran with; null: none. */
  frequencyCap: FrequencyCap | null;
  /**
   * How long before its recorded instant a dialer may have decided: a decision is stamped when it is
   * appended, a little after it was made, and instances' clocks differ a little.
   */
  decisionLagMs: number;
  /** MAX_CONCURRENT_CALLS and MAX_CALLS_PER_SECOND of the verifying process; null: not set. */
  globalCap: number | null;
  maxCallsPerSecond: number | null;
  /**
   * How long after its token a dial request may be stamped (a store round trip, a busy event loop):
   * rate windows are shortened by this much, so two tokens a window apart never read as a burst.
   */
  rateToleranceMs: number;
}>;

export const DEFAULT_VERIFY_OPTIONS: VerifyOptions = { frequencyCap: null, decisionLagMs: 1_000, globalCap: null, maxCallsPerSecond: null, rateToleranceMs: 200 };

export const attemptKey = (callId: string, attempt: number): string => `${callId}#${attempt}`;

/** Evidence lists stay readable: the first few and the one that broke the rule. */
export const EVIDENCE_LIMIT = 6;
