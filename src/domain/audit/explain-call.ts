import { isOpenAt } from '../calendar/calendar.js';
import { BUILTIN_RULES } from '../compliance/index.js';
import type { Instant } from '../shared/event.js';
import { arr, evidenceOf, num, obj, str, type AuditEvent, type Evidence } from './audit-event.js';
import { applyFacts, emptyFacts } from './log-facts.js';

export type RuleCited = Readonly<{ id: string; name: string | null; citation: string | null }>;
export type RecipientWhy = Readonly<{
  zones: ReadonlyArray<Readonly<{ zone: string; source: string; localTime: string }>>;
  states: ReadonlyArray<Readonly<{ state: string; source: string }>>;
  recipientHours: Readonly<{ start: string; end: string }> | null;
  complianceRules: string;
  rules: readonly RuleCited[];
  ruleSetVersion: string;
  closedBy: readonly string[];
}>;
export type CampaignWindowWhy = Readonly<{ timezone: string; windows: readonly unknown[]; openAtDecision: boolean }>;

/** Why then: what the decision recorded, or (older events) what the log still tells. */
export type Why = Readonly<{
  recorded: boolean;
  campaignWindow: CampaignWindowWhy | null;
  slot: Readonly<{ inFlightBefore: number | null; cap: number | null }> | null;
  retryDueAt: Instant | null;
  recipient: RecipientWhy | null;
  /** The global cap's inputs (MAX_CONCURRENT_CALLS), when one was set. */
  global?: GlobalWhy;
}>;
export type GlobalWhy = Readonly<{ inFlightBefore: number; cap: number; share: number; weight: number }>;

const globalWhy = (decision: Readonly<Record<string, unknown>>): { global?: GlobalWhy } => {
  const global = obj(decision, 'global');
  const [inFlightBefore, cap, share, weight] = ['inFlight', 'cap', 'share', 'weight'].map((key) => (global ? num(global, key) : undefined));
  return inFlightBefore === undefined || cap === undefined || share === undefined || weight === undefined ? {} : { global: { inFlightBefore, cap, share, weight } };
};

export type Outcome = Readonly<{
  attemptedAt: Instant | null;
  /** The calls-per-second budget the request took its token from; null: none recorded. */
  rate: Readonly<{ count: number; windowMs: number }> | null;
  answeredAt: Instant | null;
  endedAt: Instant | null;
  result: string | null;
  durationMs: number | null;
  endReason: string | null;
  willRetry: boolean | null;
  retryDueAt: Instant | null;
}>;

export type Step =
  | Readonly<{ kind: 'attempt'; attempt: number; decidedAt: Instant | null; why: Why; outcome: Outcome; evidence: Evidence[] }>
  | Readonly<{ kind: 'wait'; attempt: number; at: Instant; waitingFor: string; until: Instant | null; recipient: RecipientWhy | null; evidence: Evidence[] }>
  | Readonly<{ kind: 'skip' | 'cancel'; attempt: number | null; at: Instant; reason: string; evidence: Evidence[] }>;

export type CallExplanation = Readonly<{ callId: string; campaignId: string | null; phoneNumber: string | null; steps: Step[] }>;

const cite = (id: string, version: string): RuleCited => {
  const rule = version === BUILTIN_RULES.version ? BUILTIN_RULES.rules.find((r) => r.id === id) : undefined;
  return { id, name: rule?.name ?? null, citation: rule?.citation ?? null };
};

const recipientWhy = (recorded: Readonly<Record<string, unknown>> | undefined): RecipientWhy | null => {
  if (recorded === undefined) return null;
  const ruleSetVersion = str(recorded, 'ruleSetVersion') ?? 'unknown';
  return {
    zones: arr(recorded, 'zones').map((z) => ({ zone: str(z, 'zone') ?? '?', source: str(z, 'source') ?? '?', localTime: str(z, 'localTime') ?? '?' })),
    states: arr(recorded, 'states').map((s) => ({ state: str(s, 'state') ?? '?', source: str(s, 'source') ?? '?' })),
    recipientHours: (obj(recorded, 'recipientHours') as RecipientWhy['recipientHours'] | undefined) ?? null,
    complianceRules: str(recorded, 'complianceRules') ?? 'none',
    rules: (Array.isArray(recorded.rules) ? recorded.rules : []).map((r: unknown) =>
      typeof r === 'string' ? cite(r, ruleSetVersion) : { id: String((r as RuleCited).id), name: (r as RuleCited).name ?? null, citation: (r as RuleCited).citation ?? null },
    ),
    ruleSetVersion,
    closedBy: Array.isArray(recorded.closedBy) ? recorded.closedBy.map(String) : [],
  };
};

const NO_OUTCOME: Outcome = { attemptedAt: null, rate: null, answeredAt: null, endedAt: null, result: null, durationMs: null, endReason: null, willRetry: null, retryDueAt: null };

/**
 * Every attempt, wait and skip of one call, from the call's stream, its dialer's events about it and
 * its campaign's stream, merged in log order. Decisions recorded before `decision` existed are
 * explained with what the log still says: the campaign window at that instant and the cap in force.
 */
export function explainCall(callId: string, events: readonly AuditEvent[]): CallExplanation {
  const facts = emptyFacts();
  const steps: Step[] = [];
  const retryDue = new Map<number, Instant | null>();
  const attempts = new Map<number, { why: Why; decidedAt: Instant | null; outcome: Outcome; evidence: Evidence[] }>();
  const attemptStep = (attempt: number, decidedAt: Instant | null, why: Why) => {
    const step = { kind: 'attempt' as const, attempt, decidedAt, why, outcome: { ...NO_OUTCOME }, evidence: [] as Evidence[] };
    attempts.set(attempt, step);
    steps.push(step);
    return step;
  };
  const windowAt = (campaignId: string | null, instant: Instant): CampaignWindowWhy | null => {
    const schedule = campaignId === null ? null : facts.campaigns.get(campaignId)?.schedule;
    return schedule ? { timezone: schedule.timezone, windows: schedule.windows, openAtDecision: isOpenAt(schedule, instant) } : null;
  };
  for (const event of events) {
    applyFacts(facts, event);
    const call = facts.calls.get(callId);
    const campaignId = call?.campaignId ?? null;
    const { data } = event;
    const attempt = num(data, 'attempt') ?? 0;
    const concerns = event.stream === `call-${callId}` || str(data, 'callId') === callId;
    if (!concerns) continue;
    const update = (patch: Partial<Outcome>) => {
      const step = attempts.get(attempt) ?? attemptStep(attempt, null, unrecorded(windowAt(campaignId, event.recordedAt), campaignId ? (facts.campaigns.get(campaignId)?.cap ?? null) : null));
      step.outcome = { ...step.outcome, ...patch };
      step.evidence.push(evidenceOf(event));
    };
    switch (event.type) {
      case 'DialStarted': {
        const decision = obj(data, 'decision');
        const cap = campaignId ? (facts.campaigns.get(campaignId)?.cap ?? null) : null;
        const why: Why = decision
          ? {
              recorded: true,
              campaignWindow: windowAt(campaignId, event.recordedAt),
              slot: { inFlightBefore: num(decision, 'inFlight') ?? null, cap: num(decision, 'cap') ?? cap },
              retryDueAt: str(decision, 'retryDueAt') ?? null,
              recipient: recipientWhy(obj(decision, 'recipient')),
              ...globalWhy(decision),
            }
          : { ...unrecorded(windowAt(campaignId, event.recordedAt), cap), retryDueAt: retryDue.get(attempt) ?? null };
        attemptStep(attempt, event.recordedAt, why).evidence.push(evidenceOf(event));
        break;
      }
      case 'DialDeferred':
        steps.push({ kind: 'wait', attempt, at: event.recordedAt, waitingFor: str(data, 'waitingFor') ?? 'unknown', until: str(data, 'until') ?? null, recipient: recipientWhy(obj(data, 'recipient') ?? obj(data, 'explanation')), evidence: [evidenceOf(event)] });
        break;
      case 'DialEnded': {
        const outcome = str(data, 'outcome');
        if (outcome === 'deferred') {
          const waitingFor = str(data, 'waitingFor') ?? 'frequency_cap';
          const given = attempts.get(attempt);
          if (given && given.outcome.attemptedAt === null) given.outcome = { ...given.outcome, result: `not dialed: the slot was given back to wait for ${waitingFor}` };
          // A global-cap wait lasts until a slot is free, whatever due time it carries.
          const until = waitingFor === 'global_cap' ? null : (str(data, 'retryDueAt') ?? null);
          steps.push({ kind: 'wait', attempt, at: event.recordedAt, waitingFor, until, recipient: null, evidence: [evidenceOf(event)] });
        }
        else if (outcome === 'skipped') steps.push({ kind: 'skip', attempt, at: event.recordedAt, reason: str(data, 'skipReason') ?? 'skipped', evidence: [evidenceOf(event)] });
        else attempts.get(attempt)?.evidence.push(evidenceOf(event));
        if (outcome === 'abandoned') update({ result: 'abandoned (the attempt was never recorded; the slot was given back)' });
        break;
      }
      case 'CallAttempted': {
        const rate = obj(data, 'rate');
        const count = rate && num(rate, 'count');
        const windowMs = rate && num(rate, 'windowMs');
        update({ attemptedAt: event.recordedAt, rate: count !== undefined && windowMs !== undefined ? { count, windowMs } : null });
        break;
      }
      case 'CallAnswered':
        update({ answeredAt: event.recordedAt });
        break;
      case 'CallCompleted':
        update({ endedAt: event.recordedAt, result: 'answered', durationMs: num(data, 'durationMs') ?? null, endReason: str(data, 'endReason') ?? null, willRetry: false });
        break;
      case 'CallFailed':
        update({ endedAt: event.recordedAt, result: str(data, 'outcome') ?? 'failed', willRetry: data.willRetry === true });
        break;
      case 'CallRetryScheduled': {
        const dueAt = str(data, 'dueAt') ?? null;
        retryDue.set(attempt, dueAt);
        const failed = attempts.get(attempt - 1);
        if (failed) failed.outcome = { ...failed.outcome, retryDueAt: dueAt };
        steps.push({ kind: 'wait', attempt, at: event.recordedAt, waitingFor: 'retry_delay', until: dueAt, recipient: null, evidence: [evidenceOf(event)] });
        break;
      }
      case 'CallSkipped':
        steps.push({ kind: 'skip', attempt, at: event.recordedAt, reason: str(data, 'reason') ?? 'skipped', evidence: [evidenceOf(event)] });
        break;
      case 'CallCancelled':
        steps.push({ kind: 'cancel', attempt: null, at: event.recordedAt, reason: str(data, 'reason') ?? 'cancelled', evidence: [evidenceOf(event)] });
        break;
      default:
        break;
    }
  }
  const call = facts.calls.get(callId);
  return { callId, campaignId: call?.campaignId ?? null, phoneNumber: call?.phoneNumber ?? null, steps };
}

const unrecorded = (campaignWindow: CampaignWindowWhy | null, cap: number | null): Why => ({
  recorded: false,
  campaignWindow,
  slot: cap === null ? null : { inFlightBefore: null, cap },
  retryDueAt: null,
  recipient: null,
});
