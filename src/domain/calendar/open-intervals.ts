import { DateTime, IANAZone } from 'luxon';
import { type Schedule, WEEKDAYS } from './schedule.js';
import { parseTimeOfDay, parseWindowEnd } from './time-of-day.js';
import { DAY_MS, MINUTE_MS, type OffsetLookup, instantOfWall, offsetLookup, wallAt } from './wall-clock.js';

/** Half-open `[start, end)` in epoch ms. */
export type Interval = Readonly<{ start: number; end: number }>;

type DailyWindow = Readonly<{ weekdays: ReadonlySet<number>; start: number; end: number }>;

/** A schedule prepared for one evaluation; local dates are "epoch days" (days since 1970-01-01). */
export type CompiledSchedule = Readonly<{
  offsetAt: OffsetLookup;
  windows: readonly DailyWindow[];
  blackoutDays: ReadonlySet<number>;
  lastBlackoutDay: number;
}>;

export function compileSchedule(schedule: Schedule): CompiledSchedule {
  const zone = IANAZone.create(schedule.timezone);
  if (!zone.isValid) throw new RangeError(`unknown time zone: ${schedule.timezone}`);
  const blackoutDays = new Set((schedule.blackoutDates ?? []).map(toEpochDay).filter(Number.isFinite));
  return {
    offsetAt: offsetLookup(zone),
    windows: schedule.windows.flatMap((window) => {
      const start = parseTimeOfDay(window.start);
      const end = parseWindowEnd(window.end);
      if (start === null || end === null) throw new RangeError(`malformed window ${window.start}–${window.end}`);
      const weekdays = new Set(window.days.map((day) => WEEKDAYS.indexOf(day)).filter((index) => index >= 0));
      // A zero-length or dayless window never opens (validation rejects both).
      return start === end || weekdays.size === 0 ? [] : [{ weekdays, start, end }];
    }),
    blackoutDays,
    lastBlackoutDay: Math.max(-Infinity, ...blackoutDays),
  };
}

export function localDayOf(schedule: CompiledSchedule, instant: number): number {
  return Math.floor(wallAt(schedule.offsetAt, instant) / DAY_MS);
}

/**
 * The intervals of the windows that start on local `day`. A window belongs to the day it starts
 * on: its `days` and the blackout dates are matched against that day only, so a window crossing
 * midnight out of the evening before a blackout date still runs to its end.
 * The interval runs from the first moment the wall clock reaches `start` to the last moment it
 * reaches `end` from below (see instantOfWall): on New York's fall-back day 01:30–03:30 lasts 3 h,
 * 00:30–01:30 lasts 2 h and 00:30–01:00 lasts 30 min.
 */
export function intervalsStartingOn(schedule: CompiledSchedule, day: number): Interval[] {
  if (schedule.blackoutDays.has(day)) return [];
  const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday; Monday = 0 as in WEEKDAYS
  return schedule.windows.flatMap((window) => {
    if (!window.weekdays.has(weekday)) return [];
    const endDay = window.end > window.start ? day : day + 1;
    const start = instantOfWall(schedule.offsetAt, day * DAY_MS + window.start * MINUTE_MS, 'first');
    const end = instantOfWall(schedule.offsetAt, endDay * DAY_MS + window.end * MINUTE_MS, 'last');
    // Empty when the whole window falls in a skipped hour: the wall clock never shows it.
    return end > start ? [{ start, end }] : [];
  });
}

/**
 * Intervals that may contain `instant`. Besides the instant's local day and the day before
 * (midnight-crossing windows), a fall back across midnight can repeat local dates, so one more
 * day either side is checked.
 */
export function intervalsAround(schedule: CompiledSchedule, instant: number): Interval[] {
  const day = localDayOf(schedule, instant);
  return [day - 2, day - 1, day, day + 1].flatMap((candidate) => intervalsStartingOn(schedule, candidate));
}

function toEpochDay(date: string): number {
  return Math.round(DateTime.fromISO(date, { zone: 'utc' }).toMillis() / DAY_MS);
}
