import { DateTime } from 'luxon';
import { type CompiledSchedule, type Interval, compileSchedule, intervalsStartingOn, localDayOf } from './open-intervals.js';
import { type Schedule } from './schedule.js';
import { fromEpochMs } from '../shared/instant.js';
import { DAY_MS, zoneOffsetLookup } from './wall-clock.js';

/**
 * Business-hours calendar. Windows are local wall-clock times in `schedule.timezone`; each one
 * belongs to the local date it starts on (`days`, blackout dates) and is the half-open interval
 * from the first moment the wall clock reaches `start` to the moment after which it never shows
 * a time before `end` again. Hence on DST days: a start or end inside a skipped hour falls on the
 * jump; a start shown twice uses the earlier occurrence and an end shown twice the later one,
 * unless the clock falls back onto exactly that end. An `end` before `start` runs past midnight;
 * `end` `24:00` closes at the following midnight.
 *
 * Instants are a `Date` or an ISO 8601 string with an explicit offset (`Z`, `+05:30`).
 */
export type Instant = Date | string;

/**
 * The dialer asks about one campaign's schedule at every decision: each schedule value is compiled
 * once, with its zone's offsets remembered (bounded) across calls.
 */
const compiledSchedules = new WeakMap<Schedule, CompiledSchedule>();

function compiledOf(schedule: Schedule): CompiledSchedule {
  let found = compiledSchedules.get(schedule);
  if (found === undefined) {
    const fresh = compileSchedule(schedule);
    found = { ...fresh, offsetAt: zoneOffsetLookup(schedule.timezone) };
    compiledSchedules.set(schedule, found);
  }
  return found;
}

export function isOpenAt(schedule: Schedule, instant: Instant): boolean {
  const at = toMillis(instant);
  return containing(compiledOf(schedule), at).length > 0;
}

/**
 * The earliest instant ≥ `instant` at which the schedule is open: `instant` itself when open.
 * There is no fixed search horizon: after the last blackout date any window opens within a week,
 * so the result is null only when no window can ever open (none, or all without days).
 */
export function nextOpeningAfter(schedule: Schedule, instant: Instant): Date | null {
  const at = toMillis(instant);
  const compiled = compiledOf(schedule);
  if (compiled.windows.length === 0) return null;
  if (containing(compiled, at).length > 0) return toDate(at);
  // Closed at `at`, so every interval still to come starts after it: find the earliest start.
  const today = localDayOf(compiled, at);
  const lastDay = Math.max(today, compiled.lastBlackoutDay) + 14;
  let earliest: number | null = null;
  let foundOn = Infinity;
  for (let day = today - 2; day <= Math.min(lastDay, foundOn + 2); day++) {
    for (const { start } of intervalsStartingOn(compiled, day)) {
      if (start > at && (earliest === null || start < earliest)) {
        earliest = start;
        foundOn = Math.min(foundOn, day);
      }
    }
  }
  return earliest === null ? null : toDate(earliest);
}

/**
 * When the window open at `instant` closes (the latest end if several overlap); null when closed.
 * A window that begins exactly then, or overlaps later, is not merged in: callers ask again.
 */
export function currentWindowEnd(schedule: Schedule, instant: Instant): Date | null {
  const ends = containing(compiledOf(schedule), toMillis(instant)).map(({ end }) => end);
  return ends.length === 0 ? null : toDate(Math.max(...ends));
}

/** Each day's intervals of a compiled schedule, remembered (bounded): a decision asks about the same few days. */
const dayIntervals = new WeakMap<CompiledSchedule, Map<number, Interval[]>>();

function intervalsAroundOf(schedule: CompiledSchedule, at: number): Interval[] {
  let days = dayIntervals.get(schedule);
  if (days === undefined) dayIntervals.set(schedule, (days = new Map()));
  // The local day is within one of the UTC day (offsets stay within −12 h…+14 h): these days hold
  // every interval `intervalsAround` would give, without asking the zone's offset at `at`.
  const day = Math.floor(at / DAY_MS);
  const found: Interval[] = [];
  for (let candidate = day - 3; candidate <= day + 2; candidate += 1) {
    let intervals = days.get(candidate);
    if (intervals === undefined) {
      if (days.size >= 1_000) days.clear();
      days.set(candidate, (intervals = intervalsStartingOn(schedule, candidate)));
    }
    found.push(...intervals);
  }
  return found;
}

function containing(schedule: CompiledSchedule, at: number) {
  return intervalsAroundOf(schedule, at).filter(({ start, end }) => start <= at && at < end);
}

// A time of day followed by `Z` or `±hh[:mm]`; a date alone or a bare wall time is not an instant.
const EXPLICIT_OFFSET = /T.+(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
// What the service itself writes (`toISOString`): Date.parse reads it exactly, far faster than luxon.
const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** Date.parse also takes 02-30 or 24:00 and rolls them over; luxon (below) refuses them. */
const isExactUtc = (instant: string): boolean => {
  const ms = Date.parse(instant);
  return Number.isFinite(ms) && fromEpochMs(ms).slice(0, 19) === instant.slice(0, 19);
};

// A decision asks about the same instant several times in a row: the last answer is kept.
let lastInstant = '';
let lastMillis = 0;

function toMillis(instant: Instant): number {
  if (instant === lastInstant) return lastMillis;
  const millis =
    typeof instant === 'string'
      ? UTC_ISO.test(instant) && isExactUtc(instant)
        ? Date.parse(instant)
        : EXPLICIT_OFFSET.test(instant)
        ? DateTime.fromISO(instant, { setZone: true }).toMillis()
        : NaN
      : instant.getTime();
  if (!Number.isFinite(millis)) throw new RangeError(`not an instant: ${String(instant)}`);
  if (typeof instant === 'string') [lastInstant, lastMillis] = [instant, millis];
  return millis;
}

function toDate(millis: number): Date {
  return DateTime.fromMillis(millis).toJSDate();
}
