import { DateTime } from 'luxon';
import { type FieldError } from '../shared/errors.js';
import { WEEKDAYS } from './schedule.js';
import { parseTimeOfDay, parseWindowEnd } from './time-of-day.js';
import { isIanaZoneName } from './time-zone.js';

export const MAX_WINDOWS = 50;
export const MAX_BLACKOUT_DATES = 1000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks a schedule from the outside world; field paths are relative to the schedule
 * (`timezone`, `windows[0].end`, `blackoutDates[1]`). Rules:
 * - `timezone`: an IANA zone name (`UTC` and `Etc/GMT+3` are; `UTC+3` and `+03:00` are not);
 * - `windows`: 1 to 50, each with non-empty, unique `days` from WEEKDAYS, `start` `HH:mm`
 *   (00:00–23:59), `end` `HH:mm` or `24:00`, `end` ≠ `start` (`end` < `start` runs past midnight);
 *   windows may overlap;
 * - `blackoutDates`: optional (none), at most 1000 real calendar dates `yyyy-MM-dd`; repeats are
 *   harmless and allowed.
 */
export function validateSchedule(schedule: unknown): FieldError[] {
  const input = isRecord(schedule) ? schedule : {};
  return [
    ...timezoneErrors(input.timezone),
    ...windowsErrors(input.windows),
    ...blackoutErrors(input.blackoutDates),
  ];
}

function timezoneErrors(timezone: unknown): FieldError[] {
  if (typeof timezone !== 'string' || timezone === '') return [error('timezone', 'is required')];
  return isIanaZoneName(timezone) ? [] : [error('timezone', `is not an IANA time zone: ${timezone}`)];
}

function windowsErrors(windows: unknown): FieldError[] {
  if (!Array.isArray(windows)) return [error('windows', 'must be an array of windows')];
  if (windows.length === 0) return [error('windows', 'needs at least one window')];
  if (windows.length > MAX_WINDOWS) return [error('windows', `allows at most ${MAX_WINDOWS} windows`)];
  return windows.flatMap((window: unknown, index) => windowErrors(window, `windows[${index}]`));
}

function windowErrors(window: unknown, path: string): FieldError[] {
  if (!isRecord(window)) return [error(path, 'must be an object with days, start and end')];
  const start = parseTimeOfDay(window.start);
  const end = parseWindowEnd(window.end);
  return [
    ...daysErrors(window.days, `${path}.days`),
    ...(start === null ? [error(`${path}.start`, 'must be a time HH:mm between 00:00 and 23:59')] : []),
    ...(end === null ? [error(`${path}.end`, 'must be a time HH:mm between 00:00 and 23:59, or 24:00')] : []),
    ...(start !== null && start === end ? [error(`${path}.end`, 'must differ from start: the window would be empty')] : []),
  ];
}

function daysErrors(days: unknown, path: string): FieldError[] {
  if (!Array.isArray(days) || days.length === 0) {
    return [error(path, `must list at least one of ${WEEKDAYS.join(', ')}`)];
  }
  const unknownDay = days.find((day) => !(WEEKDAYS as readonly unknown[]).includes(day));
  if (unknownDay !== undefined) return [error(path, `has ${JSON.stringify(unknownDay)}, not one of ${WEEKDAYS.join(', ')}`)];
  return new Set(days).size === days.length ? [] : [error(path, 'lists a day more than once')];
}

function blackoutErrors(dates: unknown): FieldError[] {
  if (dates === undefined) return [];
  if (!Array.isArray(dates)) return [error('blackoutDates', 'must be an array of dates yyyy-MM-dd')];
  if (dates.length > MAX_BLACKOUT_DATES) {
    return [error('blackoutDates', `allows at most ${MAX_BLACKOUT_DATES} dates`)];
  }
  return dates.flatMap((date: unknown, index) =>
    isCalendarDate(date) ? [] : [error(`blackoutDates[${index}]`, 'must be a calendar date yyyy-MM-dd')],
  );
}

function isCalendarDate(date: unknown): boolean {
  return typeof date === 'string' && ISO_DATE.test(date) && DateTime.fromISO(date, { zone: 'utc' }).isValid;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function error(field: string, message: string): FieldError {
  return { field, message };
}
