import { type TimeWindow, type Weekday } from '../calendar/schedule.js';
import { type HolidayCalendar } from './holidays.js';

/** Where a rule applies: a country, or one state / province of it. */
export type Jurisdiction = Readonly<{ country: 'US' | 'CA'; state?: string }>;

export type RuleEffect =
  /** Calls only inside these local windows; a day without a window is a day without calls. */
  | Readonly<{ kind: 'hours'; windows: readonly TimeWindow[] }>
  /** No calls on the public holidays of this calendar (date-holidays country / state). */
  | Readonly<{ kind: 'holidays'; calendar: HolidayCalendar }>
  /** At most `attempts` calls per number in any rolling `windowMs` on one subject: read by the frequency-cap gate. */
  | Readonly<{ kind: 'frequency-cap'; attempts: number; windowMs: number }>;

export type ComplianceRule = Readonly<{
  id: string;
  name: string;
  jurisdiction: Jurisdiction;
  citation: string;
  /** First local date `yyyy-MM-dd` the rule applies on; absent: in force before the rule set's `asOf`. */
  effectiveFrom?: string;
  /** First local date it no longer applies on. */
  effectiveUntil?: string;
  effect: RuleEffect;
}>;

export type RuleSet = Readonly<{ version: string; asOf: string; rules: readonly ComplianceRule[] }>;

const ALL_DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const hours = (start: string, end: string, days: readonly Weekday[] = ALL_DAYS): TimeWindow => ({ days, start, end });
const MON_SAT: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_MS = 86_400_000;

/**
 * The built-in rules. Not legal advice: a summary of the cited texts as of `asOf`, to be reviewed
 * by counsel; exemptions (consent, established business relationship, non-profits) are not modelled.
 * A change of rules is a new `version`; rules are never edited in place once a version is used.
 */
export const BUILTIN_RULES: RuleSet = {
  version: '2026-11-29.1',
  asOf: '2026-11-29',
  rules: [
    {
      id: 'us-federal-hours',
      name: 'US federal calling hours 08:00–21:00',
      jurisdiction: { country: 'US' },
      citation: '47 CFR § 64.1200(c)(1) (TCPA); 16 CFR § 310.4(c) (Telemarketing Sales Rule)',
      effect: { kind: 'hours', windows: [hours('08:00', '21:00')] },
    },
    {
      id: 'ca-crtc-hours',
      name: 'Canada CRTC telemarketing hours: weekdays 09:00–21:30, weekends 10:00–18:00',
      jurisdiction: { country: 'CA' },
      citation: 'CRTC Unsolicited Telecommunications Rules, Part III (Telemarketing Rules); Telecom Decision CRTC 2007-48',
      effect: {
        kind: 'hours',
        windows: [hours('09:00', '21:30', ['mon', 'tue', 'wed', 'thu', 'fri']), hours('10:00', '18:00', ['sat', 'sun'])],
      },
    },
    stateHours('fl', 'FL', 'Florida 08:00–20:00', 'Fla. Stat. § 501.616(6)(a)', '2021-07-01', [hours('08:00', '20:00')]),
    stateCap('fl', 'FL', 'Florida: 3 calls per 24 h on one subject', 'Fla. Stat. § 501.616(6)(b)', '2021-07-01'),
    stateHours('ok', 'OK', 'Oklahoma 08:00–20:00', 'Okla. Stat. tit. 15, § 775C.4', '2022-11-01', [hours('08:00', '20:00')]),
    stateCap('ok', 'OK', 'Oklahoma: 3 calls per 24 h on one subject', 'Okla. Stat. tit. 15, § 775C.4', '2022-11-01'),
    stateHours('md', 'MD', 'Maryland 08:00–20:00', 'Md. Code, Com. Law § 14-4503 (Stop the Spam Calls Act of 2023)', '2024-01-01', [hours('08:00', '20:00')]),
    stateCap('md', 'MD', 'Maryland: 3 calls per 24 h on one subject', 'Md. Code, Com. Law § 14-4503', '2024-01-01'),
    stateHours('wa', 'WA', 'Washington 08:00–20:00', 'RCW 80.36.390(2)', undefined, [hours('08:00', '20:00')]),
    stateHours('tx', 'TX', 'Texas: Mon–Sat 09:00–21:00, Sunday 12:00–21:00', 'Tex. Bus. & Com. Code § 301.051', undefined, [
      hours('09:00', '21:00', MON_SAT),
      hours('12:00', '21:00', ['sun']),
    ]),
    stateHours('al', 'AL', 'Alabama: Mon–Sat 08:00–20:00, no Sunday calls', 'Alabama PSC telephone solicitation rules, Ala. Admin. Code ch. 770-X-5', undefined, [hours('08:00', '20:00', MON_SAT)]),
    stateHolidays('al', 'AL', 'Alabama: no calls on state holidays', 'Alabama PSC telephone solicitation rules, Ala. Admin. Code ch. 770-X-5; Ala. Code § 1-3-8'),
    stateHours('la', 'LA', 'Louisiana: Mon–Sat 08:00–20:00, no Sunday calls', 'La. R.S. 45:844.11 et seq.; LPSC General Order R-29617', undefined, [hours('08:00', '20:00', MON_SAT)]),
    stateHolidays('la', 'LA', 'Louisiana: no calls on legal holidays', 'LPSC General Order R-29617; La. R.S. 1:55'),
    stateHours('ms', 'MS', 'Mississippi: no Sunday calls', 'Miss. Code Ann. § 77-3-723(1); § 77-3-603(a)', undefined, [hours('08:00', '21:00', MON_SAT)]),
    stateHolidays('pa', 'PA', 'Pennsylvania: no calls on legal holidays', '73 P.S. § 2245(a)(10) (Act 73 of 2019); holidays of 44 P.S. § 11', '2019-12-03', [
      // Named by the Act's list of legal holidays, missing from date-holidays' Pennsylvania calendar.
      { rule: 'easter -2', name: 'Good Friday' },
      { rule: 'tuesday after 1st monday in November', name: 'Election Day' },
    ]),
    stateHours('pa-sunday', 'PA', 'Pennsylvania: no Sunday calls', 'Pennsylvania SB 992 of 2025–26 amending the Telemarketer Registration Act, 73 P.S. § 2241 et seq.', '2026-10-18', [hours('00:00', '24:00', MON_SAT)]),
  ],
};

function stateHours(id: string, state: string, name: string, citation: string, effectiveFrom: string | undefined, windows: TimeWindow[]): ComplianceRule {
  return withDate({ id: `${id}-hours`, name, jurisdiction: { country: 'US', state }, citation, effect: { kind: 'hours', windows } }, effectiveFrom);
}

function stateHolidays(id: string, state: string, name: string, citation: string, effectiveFrom?: string, extraRules?: HolidayCalendar['extraRules']): ComplianceRule {
  const calendar = extraRules === undefined ? { country: 'US', state } : { country: 'US', state, extraRules };
  return withDate({ id: `${id}-holidays`, name, jurisdiction: { country: 'US', state }, citation, effect: { kind: 'holidays', calendar } }, effectiveFrom);
}

function stateCap(id: string, state: string, name: string, citation: string, effectiveFrom: string): ComplianceRule {
  return withDate({ id: `${id}-frequency`, name, jurisdiction: { country: 'US', state }, citation, effect: { kind: 'frequency-cap', attempts: 3, windowMs: DAY_MS } }, effectiveFrom);
}

function withDate(rule: ComplianceRule, effectiveFrom: string | undefined): ComplianceRule {
  return effectiveFrom === undefined ? rule : { ...rule, effectiveFrom };
}

/** The frequency caps of the given states (for the frequency-cap gate), effective on `date` (`yyyy-MM-dd`). */
export function frequencyCaps(ruleSet: RuleSet, states: readonly string[], date: string): Array<ComplianceRule & { effect: { kind: 'frequency-cap' } }> {
  return ruleSet.rules.filter(
    (rule): rule is ComplianceRule & { effect: { kind: 'frequency-cap' } } =>
      rule.effect.kind === 'frequency-cap' && rule.jurisdiction.state !== undefined && states.includes(rule.jurisdiction.state) && isEffectiveOn(rule, date),
  );
}

export const isEffectiveOn = (rule: ComplianceRule, date: string): boolean =>
  (rule.effectiveFrom === undefined || date >= rule.effectiveFrom) && (rule.effectiveUntil === undefined || date < rule.effectiveUntil);
