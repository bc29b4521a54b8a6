import { DateTime } from 'luxon';
import { type CompiledSchedule, compileSchedule, intervalsAround, intervalsStartingOn, localDayOf } from './open-intervals.js';
import { type Schedule } from './schedule.js';

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

export function isOpenAt(schedule: Schedule, instant: Instant): boolean {
  const at = toMillis(instant);
  return containing(compileSchedule(schedule), at).length > 0;
}

/**
 * The earliest instant ≥ `instant` at which the schedule is open: `instant` itself when open.
 * There is no fixed search horizon: after the last blackout date any window opens within a week,
 * so the result is null only when no window can ever open (none, or all without days).
 */
export function nextOpeningAfter(schedule: Schedule, instant: Instant): Date | null {
  const at = toMillis(instant);
  const compiled = compileSchedule(schedule);
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
  const ends = containing(compileSchedule(schedule), toMillis(instant)).map(({ end }) => end);
  return ends.length === 0 ? null : toDate(Math.max(...ends));
}

function containing(schedule: CompiledSchedule, at: number) {
  return intervalsAround(schedule, at).filter(({ start, end }) => start <= at && at < end);
}

// A time of day followed by `Z` or `±hh[:mm]`; a date alone or a bare wall time is not an instant.
const EXPLICIT_OFFSET = /T.+(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

function toMillis(instant: Instant): number {
  const millis =
    typeof instant === 'string'
      ? EXPLICIT_OFFSET.test(instant)
        ? DateTime.fromISO(instant, { setZone: true }).toMillis()
        : NaN
      : instant.getTime();
  if (!Number.isFinite(millis)) throw new RangeError(`not an instant: ${String(instant)}`);
  return millis;
}

function toDate(millis: number): Date {
  return DateTime.fromMillis(millis).toJSDate();
}
