import { DateTime } from 'luxon';
import { type CompiledSchedule, type Interval, compileSchedule, intervalsStartingOn, localDayOf } from '../calendar/open-intervals.js';
import { type TimeWindow, WEEKDAYS } from '../calendar/schedule.js';
import { type Schedule } from '../calendar/schedule.js';
import { DAY_MS, type OffsetLookup, boundedOffsetLookup, instantOfWall } from '../calendar/wall-clock.js';
import { type ComplianceRule, isEffectiveOn } from './compliance-rules.js';
import { publicHolidays } from './holidays.js';
import { normalize } from './interval-set.js';

/** One thing that must hold for a dial: a rule, the campaign's hours or the safe window, in one zone. */
export type Constraint = Readonly<{
  id: string;
  zone: string;
  allowed: (from: number, to: number) => Interval[];
}>;

const WHOLE_DAY: TimeWindow = { days: WEEKDAYS, start: '00:00', end: '24:00' };

/**
 * The dialer asks about the same few zones again and again: their UTC offsets (the slow part,
 * luxon asks Intl) are remembered per zone, and compiled rules per zone and year.
 */
const offsets = new Map<string, OffsetLookup>();
const compiledRules = new Map<string, CompiledSchedule>();

function compile(schedule: Schedule): CompiledSchedule {
  let offsetAt = offsets.get(schedule.timezone);
  if (offsetAt === undefined) {
    offsetAt = boundedOffsetLookup(schedule.timezone);
    offsets.set(schedule.timezone, offsetAt);
  }
  return { ...compileSchedule(schedule), offsetAt };
}


function remembered(key: string, schedule: () => Schedule): CompiledSchedule {
  let compiled = compiledRules.get(key);
  if (compiled === undefined) {
    compiled = compile(schedule());
    compiledRules.set(key, compiled);
  }
  return compiled;
}

export function windowsConstraint(id: string, zone: string, windows: readonly TimeWindow[]): Constraint {
  const compiled = compile({ timezone: zone, windows, blackoutDates: [] });
  return { id, zone, allowed: (from, to) => allowedOn(compiled, () => true, from, to) };
}

/**
 * A rule read in the local time of `zone`; effective dates are local dates there. Holiday lists
 * cover the years around `at`: the gate never looks further than a year ahead.
 */
export function ruleConstraint(rule: ComplianceRule, zone: string, at: number): Constraint | null {
  const effect = rule.effect;
  if (effect.kind === 'frequency-cap') return null;
  const year = DateTime.fromMillis(at, { zone }).year;
  const compiled =
    effect.kind === 'hours'
      ? remembered(`${rule.id}@${zone}`, () => ({ timezone: zone, windows: effect.windows, blackoutDates: [] }))
      : remembered(`${rule.id}@${zone}@${year}`, () => ({
          timezone: zone,
          windows: [WHOLE_DAY],
          blackoutDates: [year - 1, year, year + 1, year + 2].flatMap((y) => publicHolidays(effect.calendar, y)),
        }));
  const effective = (day: number) => isEffectiveOn(rule, isoDate(day));
  return { id: `${rule.id}@${zone}`, zone, allowed: (from, to) => allowedOn(compiled, effective, from, to) };
}

/** The schedule's intervals, except that a local day on which the rule is not in force is open all day. */
function allowedOn(compiled: CompiledSchedule, effective: (day: number) => boolean, from: number, to: number): Interval[] {
  const intervals: Interval[] = [];
  for (let day = localDayOf(compiled, from) - 2; day <= localDayOf(compiled, to) + 1; day++) {
    if (effective(day)) intervals.push(...intervalsStartingOn(compiled, day));
    else {
      const start = instantOfWall(compiled.offsetAt, day * DAY_MS, 'first');
      intervals.push({ start, end: instantOfWall(compiled.offsetAt, (day + 1) * DAY_MS, 'first') });
    }
  }
  return normalize(intervals, from, to);
}

const isoDate = (epochDay: number): string => DateTime.fromMillis(epochDay * DAY_MS, { zone: 'utc' }).toISODate() ?? '';
