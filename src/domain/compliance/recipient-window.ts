import { DateTime } from 'luxon';
import { type Interval } from '../calendar/open-intervals.js';
import { WEEKDAYS, type Weekday } from '../calendar/schedule.js';
import { DAY_MS, zoneOffsetLookup } from '../calendar/wall-clock.js';
import { fromEpochMs } from '../shared/instant.js';
import { BUILTIN_RULES, type ComplianceRule, type RuleSet } from './compliance-rules.js';
import { contains, intersect } from './interval-set.js';
import { type Constraint, ruleConstraint, windowsConstraint } from './rule-constraints.js';
import { zonesOfCountryCode } from './zone-data.js';
import { type CandidateState, type ZoneResolution } from './zone-resolution.js';

export type RecipientHours = Readonly<{ start: string; end: string }>;
export type ComplianceMode = 'builtin' | 'none';

export const DEFAULT_RECIPIENT_HOURS: RecipientHours = { start: '08:00', end: '21:00' };
export const DEFAULT_CLOSING_MARGIN_MS = 60_000;

/**
 * Where a NANP number's zone is unknown (toll-free, unassigned codes): weekdays 14:00–18:00 New
 * York time. That is inside every state's hours from Puerto Rico to Hawaii (08:00 in Honolulu is
 * 13:00 EST / 14:00 EDT; the earliest state close, 20:00, is Eastern) and avoids every Sunday ban;
 * with built-in rules every state's holidays apply too. Guam and the Northern Mariana Islands,
 * a day ahead, are not covered.
 */
export const NANP_SAFE_WINDOW = {
  timezone: 'America/New_York',
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[], start: '14:00', end: '18:00' }],
} as const;

export type RecipientWindowOptions = Readonly<{
  recipientHours?: RecipientHours;
  complianceRules?: ComplianceMode;
  /** Stop this long before a window closes, so a call does not start on its last second. */
  marginMs?: number;
  ruleSet?: RuleSet;
}>;

export type ZoneExplanation = Readonly<{ zone: string; source: string; localTime: string }>;
export type RuleExplanation = Readonly<{ id: string; name: string; citation: string; effectiveFrom?: string }>;
export type WindowExplanation = Readonly<{
  zones: readonly ZoneExplanation[];
  states: readonly CandidateState[];
  recipientHours: RecipientHours;
  complianceRules: ComplianceMode;
  rules: readonly RuleExplanation[];
  ruleSetVersion: string;
  marginMs: number;
  /** The constraints closed at the instant (`<rule>@<zone>`), or `closing-margin`; empty when open. */
  closedBy: readonly string[];
}>;

export type RecipientWindow =
  | Readonly<{ open: true; closesAt: Date | null; explanation: WindowExplanation }>
  | Readonly<{ open: false; reason: 'recipient_hours'; nextOpenAt: Date | null; explanation: WindowExplanation }>;

const MAX_HORIZON_MS = 400 * DAY_MS;
const US_REGIONS = new Set(['US', 'PR', 'VI', 'GU', 'MP', 'AS']);
const CA_PROVINCES = new Set(['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT']);

/**
 * Whether a number may be dialed at `now`: in every candidate zone, local time inside the
 * campaign's `recipientHours` and, with built-in rules, inside every rule that applies to the
 * number's country and candidate states (strictest wins), until `marginMs` before the window closes.
 * `nextOpenAt` is the earliest instant the whole intersection is open again, margin included
 * (null when it never opens within 400 days); `closesAt` when it closes again, margin included (null: never within 400 days).
 */
export function recipientWindow(resolution: ZoneResolution, options: RecipientWindowOptions, now: Date): RecipientWindow {
  const at = now.getTime();
  const recipientHours = options.recipientHours ?? DEFAULT_RECIPIENT_HOURS;
  const complianceRules = options.complianceRules ?? 'builtin';
  const marginMs = options.marginMs ?? DEFAULT_CLOSING_MARGIN_MS;
  const ruleSet = options.ruleSet ?? BUILTIN_RULES;
  const zones = candidateZones(resolution);
  const rules = complianceRules === 'builtin' ? applicableRules(resolution, ruleSet) : [];
  const explain = (closedBy: string[]): WindowExplanation => ({
    zones: zones.map(({ zone, source }) => ({ zone, source, localTime: localTime(zone, at) })),
    states: resolution.states,
    recipientHours,
    complianceRules,
    rules: rules.map(({ id, name, citation, effectiveFrom }) => ({ id, name, citation, ...(effectiveFrom ? { effectiveFrom } : {}) })),
    ruleSetVersion: ruleSet.version,
    marginMs,
    closedBy,
  });
  if (zones.length === 0) return { open: false, reason: 'recipient_hours', nextOpenAt: null, explanation: explain(['no-known-zone']) };
  const key = JSON.stringify([resolution.zones, resolution.zoneSource, resolution.states, resolution.country, resolution.callingCode, recipientHours, complianceRules, marginMs]);
  const { open, edge, constraints } = rememberedVerdict(ruleSet, key, at, () => {
    const constraints: Constraint[] = zones.flatMap(({ zone, source }) => [
      windowsConstraint(`recipient-hours@${zone}`, zone, [{ days: WEEKDAYS, ...recipientHours }]),
      ...(source === 'safe-window' ? [windowsConstraint(`nanp-safe-window@${zone}`, zone, NANP_SAFE_WINDOW.windows)] : []),
      ...rules.flatMap((rule) => ruleConstraint(rule, zone, at) ?? []),
    ]);
    return { ...verdict(constraints, marginMs, at), constraints };
  });
  const edgeDate = edge === null ? null : DateTime.fromMillis(edge).toJSDate();
  return open
    ? { open: true, closesAt: edgeDate, explanation: explain([]) }
    : { open: false, reason: 'recipient_hours', nextOpenAt: edgeDate, explanation: explain(closedBy(constraints, at)) };
}

/** Open or not at `at`, and the edge: when it closes (open) or next opens (closed); null is never. */
type Verdict = Readonly<{ open: boolean; edge: number | null }>;

function verdict(constraints: readonly Constraint[], marginMs: number, at: number): Verdict {
  for (let horizon = 2 * DAY_MS; ; horizon = Math.min(horizon * 4, MAX_HORIZON_MS)) {
    const to = at + horizon;
    const open = openIntervals(constraints, at, to);
    // An interval ending at `to` may go on past the horizon: its end is not known yet.
    const known = (end: number) => end < to || horizon >= MAX_HORIZON_MS;
    const current = open.find(({ start, end }) => start <= at && at < end);
    if (current !== undefined && (at < current.end - marginMs || !known(current.end))) {
      if (!known(current.end)) continue;
      return { open: true, edge: current.end === to ? null : current.end - marginMs };
    }
    const next = open.find(({ start, end }) => start > at && (end - start > marginMs || !known(end)));
    if (next !== undefined && (known(next.end) || to - next.start > marginMs)) return { open: false, edge: next.start };
    if (horizon >= MAX_HORIZON_MS) return { open: false, edge: null };
  }
}

/**
 * A verdict holds from the instant it was computed until its edge, for every number with the same
 * zones, states and options: the dialer asks about thousands of numbers in a few zones, so verdicts
 * are remembered per rule set (bounded; forgetting only costs time).
 */
type Remembered = Verdict & Readonly<{ constraints: readonly Constraint[] }>;
const verdicts = new WeakMap<RuleSet, Map<string, Remembered & { from: number }>>();

function rememberedVerdict(ruleSet: RuleSet, key: string, at: number, compute: () => Remembered): Remembered {
  let known = verdicts.get(ruleSet);
  if (known === undefined) verdicts.set(ruleSet, (known = new Map()));
  const hit = known.get(key);
  if (hit !== undefined && hit.from <= at && at < (hit.edge ?? hit.from + DAY_MS)) return hit;
  const fresh = compute();
  if (known.size >= 10_000) known.clear();
  known.set(key, { ...fresh, from: at });
  return fresh;
}

function openIntervals(constraints: readonly Constraint[], from: number, to: number): Interval[] {
  return constraints.reduce<Interval[]>((open, constraint) => intersect(open, constraint.allowed(from, to)), [{ start: from, end: to }]);
}

function closedBy(constraints: readonly Constraint[], at: number): string[] {
  const closed = constraints.filter((constraint) => !contains(constraint.allowed(at - DAY_MS, at + DAY_MS), at)).map(({ id }) => id);
  return closed.length > 0 ? closed : ['closing-margin'];
}

/** Known zones; else for NANP the safe window's zone, else every zone of the country code. */
function candidateZones(resolution: ZoneResolution): Array<{ zone: string; source: string }> {
  if (resolution.zones.length > 0) return resolution.zones.map((zone) => ({ zone, source: resolution.zoneSource }));
  if (resolution.callingCode === '1') return [{ zone: NANP_SAFE_WINDOW.timezone, source: 'safe-window' }];
  const countryZones = resolution.callingCode === null ? [] : zonesOfCountryCode(resolution.callingCode);
  return countryZones.map((zone) => ({ zone, source: 'every-zone-of-country' }));
}

/**
 * Country-wide rules where the number is in that country; state rules of every candidate state.
 * A US number whose state is unknown gets every state's rules: the strictest must win.
 */
function applicableRules(resolution: ZoneResolution, ruleSet: RuleSet): ComplianceRule[] {
  const states = resolution.states.map(({ state }) => state);
  const usStates = states.filter((state) => !CA_PROVINCES.has(state));
  const inUs = US_REGIONS.has(resolution.country ?? '') || usStates.length > 0;
  const inCanada = resolution.country === 'CA' || states.some((state) => CA_PROVINCES.has(state));
  return ruleSet.rules.filter(({ jurisdiction, effect }) => {
    if (effect.kind === 'frequency-cap') return false;
    const inCountry = jurisdiction.country === 'US' ? inUs : inCanada;
    if (!inCountry) return false;
    if (jurisdiction.state === undefined) return true;
    return states.includes(jurisdiction.state) || (jurisdiction.country === 'US' && usStates.length === 0);
  });
}

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `Wed 2026-12-02 12:00:00 -05:00`, built by hand: luxon's locale formatting was most of a call's cost. */
function localTime(zone: string, at: number): string {
  const offset = Math.round(zoneOffsetLookup(zone)(at) / 60_000);
  const wall = at + offset * 60_000;
  const weekday = (Math.floor(wall / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday
  const sign = offset < 0 ? '-' : '+';
  return `${WEEKDAY_NAMES[weekday]} ${fromEpochMs(wall).slice(0, 19).replace('T', ' ')} ${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}
