import { CHECKS, type AuditEvent, type CheckId, type Violation } from './audit-event.js';
import { attemptsCheck } from './checks/attempts.check.js';
import { capCheck } from './checks/cap.check.js';
import { DEFAULT_VERIFY_OPTIONS, type Check, type VerifyOptions } from './checks/check.js';
import { doNotCallCheck } from './checks/do-not-call.check.js';
import { frequencyCapCheck } from './checks/frequency-cap.check.js';
import { dialRateCheck } from './checks/dial-rate.check.js';
import { globalPacingCheck } from './checks/global-pacing.check.js';
import { recipientHoursCheck } from './checks/recipient-hours.check.js';
import { retryFirstCheck } from './checks/retry-first.check.js';
import { scheduleCheck } from './checks/schedule.check.js';
import { applyFacts, emptyFacts, type LogFacts } from './log-facts.js';
import { statsRecount, type StatsRecount } from './stats-recount.js';

export type CheckResult = Readonly<{ id: CheckId; invariant: number; title: string; violations: number }>;

export type VerificationResult = Readonly<{
  ok: boolean;
  events: number;
  /** The campaigns verified: the ones asked for, or every campaign in the log. */
  campaigns: readonly string[];
  /** Campaigns asked for that the log does not hold. */
  unknownCampaigns: readonly string[];
  checks: readonly CheckResult[];
  violations: readonly Violation[];
  recounts: ReadonlyMap<string, StatsRecount>;
}>;

/**
 * Every check at once, in one pass over the log in order: `observe` each event, then `finish`.
 * Memory grows with the calls and numbers the log holds, never with its length. With campaign ids,
 * the whole log is still read (caps and do-not-call entries span campaigns) and only those
 * campaigns' violations are reported.
 */
export const createVerification = (options: Partial<VerifyOptions> = {}, campaignIds: readonly string[] = []) => {
  const settings = { ...DEFAULT_VERIFY_OPTIONS, ...options };
  const facts: LogFacts = emptyFacts();
  const checks: Check[] = [capCheck(), scheduleCheck(), retryFirstCheck(settings), attemptsCheck(), recipientHoursCheck(), doNotCallCheck(), frequencyCapCheck(settings), globalPacingCheck(settings), dialRateCheck(settings)];
  const recount = statsRecount();
  const violations: Violation[] = [];
  const wanted = campaignIds.length === 0 ? null : new Set(campaignIds);
  const report = (v: Violation): void => {
    if (wanted === null || (v.campaignId !== null && wanted.has(v.campaignId))) violations.push(v);
  };
  let events = 0;
  return {
    facts,
    observe(event: AuditEvent): void {
      events += 1;
      applyFacts(facts, event);
      for (const check of checks) check.observe(event, facts, report);
      recount.observe(event, facts);
    },
    finish(): VerificationResult {
      for (const check of checks) check.finish?.(facts, report);
      const known = [...facts.campaigns.keys()];
      const campaigns = wanted === null ? known : [...wanted].filter((id) => facts.campaigns.has(id));
      return {
        ok: violations.length === 0,
        events,
        campaigns,
        unknownCampaigns: wanted === null ? [] : [...wanted].filter((id) => !facts.campaigns.has(id)),
        checks: CHECKS.map(({ id, invariant, title }) => ({ id, invariant, title, violations: violations.filter((v) => v.check === id).length })),
        violations,
        recounts: new Map(campaigns.map((id) => [id, recount.of(facts, id)!])),
      };
    },
  };
};

export type Verification = ReturnType<typeof createVerification>;

/** Adds violations found outside the log fold (the stats comparison), keeping the result consistent. */
export const withViolations = (result: VerificationResult, extra: readonly Violation[]): VerificationResult => {
  const violations = [...result.violations, ...extra];
  return {
    ...result,
    ok: violations.length === 0,
    violations,
    checks: result.checks.map((c) => ({ ...c, violations: violations.filter((v) => v.check === c.id).length })),
  };
};
