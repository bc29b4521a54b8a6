import { DateTime } from 'luxon';
import {
  BUILTIN_RULES,
  frequencyCaps,
  recipientWindow,
  resolveZones,
  type CandidateState,
  type ComplianceMode,
  type Recipient,
  type RecipientHours,
  type RuleSet,
} from '../compliance/index.js';
import type { FrequencyCap } from '../number/frequency-cap.js';
import type { Instant } from '../shared/event.js';
import { fromEpochMs, toEpochMs } from '../shared/instant.js';

/** A campaign's recipient-hours settings (DESIGN §7.1); null hours: no limit of the campaign's own. */
export type RecipientPolicy = Readonly<{ recipientHours: RecipientHours | null; complianceRules: ComplianceMode }>;

/**
 * The verdict's inputs as recorded on `DialStarted` / `DialDeferred`: zones and where they came
 * from with their local times, candidate states, the rules applied (ids of `ruleSetVersion`; their
 * citations live in the rule set) and, when closed, which constraints closed it.
 */
export type RecipientDecision = Readonly<{
  zones: ReadonlyArray<Readonly<{ zone: string; source: string; localTime: string }>>;
  states: readonly CandidateState[];
  recipientHours: RecipientHours | null;
  complianceRules: ComplianceMode;
  rules: readonly string[];
  ruleSetVersion: string;
  closedBy: readonly string[];
}>;

export type RecipientVerdict =
  | Readonly<{ open: true; decision: RecipientDecision | null }>
  | Readonly<{ open: false; until: Instant; decision: RecipientDecision }>;

export type RecipientGateOptions = Readonly<{ marginMs: number; ruleSet?: RuleSet }>;

const ALL_DAY: RecipientHours = { start: '00:00', end: '24:00' };
/** A window that does not open within the gate's horizon is looked at again a day later: rules change with dates. */
const RECHECK_MS = 86_400_000;

const NOT_GATED: RecipientVerdict = { open: true, decision: null };

const isAllDay = (hours: RecipientHours | null): boolean => hours === null || (hours.start === ALL_DAY.start && hours.end === ALL_DAY.end);

/**
 * May the recipient be called at `now`? Every candidate zone inside the campaign's recipient hours
 * and, with built-in rules, every rule of every candidate state (strictest wins); until the margin
 * before the window closes. No gate at all without built-in rules and without hours of its own.
 */
export const recipientVerdict = (
  policy: RecipientPolicy | null,
  recipient: Recipient,
  now: Instant,
  options: RecipientGateOptions,
): RecipientVerdict => {
  if (policy === null || (policy.complianceRules === 'none' && isAllDay(policy.recipientHours))) return NOT_GATED;
  const nowMs = toEpochMs(now);
  const window = recipientWindow(
    resolveZones(recipient),
    {
      recipientHours: policy.recipientHours ?? ALL_DAY,
      complianceRules: policy.complianceRules,
      marginMs: options.marginMs,
      ...(options.ruleSet ? { ruleSet: options.ruleSet } : {}),
    },
    DateTime.fromMillis(nowMs).toJSDate(),
  );
  const { zones, states, rules, ruleSetVersion, closedBy } = window.explanation;
  const decision: RecipientDecision = {
    zones,
    states,
    recipientHours: policy.recipientHours,
    complianceRules: policy.complianceRules,
    rules: rules.map(({ id }) => id),
    ruleSetVersion,
    closedBy,
  };
  if (window.open) return { open: true, decision };
  const until = window.nextOpenAt === null ? nowMs + RECHECK_MS : window.nextOpenAt.getTime();
  return { open: false, until: fromEpochMs(until), decision };
};

/**
 * The frequency caps built-in state rules put on this recipient (e.g. FL, OK, MD: 3 per 24 h on one
 * subject), for every candidate state, effective on `now`'s date; none without built-in rules.
 */
export const stateFrequencyCaps = (policy: RecipientPolicy | null, recipient: Recipient, now: Instant, ruleSet: RuleSet = BUILTIN_RULES): FrequencyCap[] => {
  if (policy?.complianceRules !== 'builtin') return [];
  const states = resolveZones(recipient).states.map(({ state }) => state);
  return frequencyCaps(ruleSet, states, now.slice(0, 10)).map(({ id, effect }) => ({ limit: effect.attempts, windowMs: effect.windowMs, source: id }));
};
