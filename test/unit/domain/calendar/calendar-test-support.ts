import { DateTime } from 'luxon';
import { currentWindowEnd, nextOpeningAfter } from '../../../../src/domain/calendar/calendar.js';
import { type Schedule, type TimeWindow } from '../../../../src/domain/calendar/schedule.js';

export function scheduleOf(timezone: string, windows: TimeWindow[], blackoutDates: string[] = []): Schedule {
  return { timezone, windows, blackoutDates };
}

/** An unambiguous local wall time `yyyy-MM-ddTHH:mm` in `zone` as a Date. */
export function local(zone: string, wallTime: string): Date {
  const dateTime = DateTime.fromISO(wallTime, { zone });
  if (!dateTime.isValid) throw new Error(`bad local time ${wallTime}`);
  return dateTime.toJSDate();
}

export const utc = (iso: string): Date => new Date(iso);
export const plusMs = (date: Date, ms: number): Date => new Date(date.getTime() + ms);

/** Total open time in [from, to), walked through the public API only. */
export function openMinutesBetween(schedule: Schedule, from: Date, to: Date): number {
  let openMs = 0;
  let cursor: Date | null = from;
  while (cursor !== null && cursor < to) {
    const opening = nextOpeningAfter(schedule, cursor);
    if (opening === null || opening >= to) break;
    const closing = currentWindowEnd(schedule, opening);
    if (closing === null || closing <= opening) throw new Error(`open at ${opening.toISOString()} but no end`);
    openMs += Math.min(closing.getTime(), to.getTime()) - opening.getTime();
    cursor = closing;
  }
  return openMs / 60_000;
}
