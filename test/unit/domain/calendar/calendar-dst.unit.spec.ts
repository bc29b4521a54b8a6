import { DateTime } from 'luxon';
import { currentWindowEnd, isOpenAt, nextOpeningAfter } from '../../../../src/domain/calendar/calendar.js';
import { type Weekday } from '../../../../src/domain/calendar/schedule.js';
import { openMinutesBetween, plusMs, scheduleOf, utc } from './calendar-test-support.js';

const HOUR_MS = 3_600_000;

// One Sunday each, the weekday of the window; expected instants worked out by hand from the offsets.
const cases: Array<{
  zone: string;
  day: string;
  start: string;
  end: string;
  opens: string;
  closes: string;
  minutes: number;
  why: string;
}> = [
  { zone: 'America/New_York', day: '2026-03-08', start: '01:30', end: '03:30', opens: '2026-03-08T06:30Z', closes: '2026-03-08T07:30Z', minutes: 60, why: 'spring forward shortens the window' },
  { zone: 'America/New_York', day: '2026-03-08', start: '02:30', end: '04:00', opens: '2026-03-08T07:00Z', closes: '2026-03-08T08:00Z', minutes: 60, why: 'start in the skipped hour opens at the jump' },
  { zone: 'America/New_York', day: '2026-03-08', start: '01:00', end: '02:30', opens: '2026-03-08T06:00Z', closes: '2026-03-08T07:00Z', minutes: 60, why: 'end in the skipped hour closes at the jump' },
  { zone: 'America/New_York', day: '2026-11-01', start: '01:30', end: '03:30', opens: '2026-11-01T05:30Z', closes: '2026-11-01T08:30Z', minutes: 180, why: 'fall back: ambiguous start is the earlier 01:30' },
  { zone: 'America/New_York', day: '2026-11-01', start: '00:30', end: '01:30', opens: '2026-11-01T04:30Z', closes: '2026-11-01T06:30Z', minutes: 120, why: 'fall back: ambiguous end is the later 01:30' },
  { zone: 'America/New_York', day: '2026-11-01', start: '00:30', end: '01:00', opens: '2026-11-01T04:30Z', closes: '2026-11-01T05:00Z', minutes: 30, why: 'fall back onto the end: the clock never shows 00:59 again' },
  { zone: 'America/New_York', day: '2026-11-01', start: '01:00', end: '02:00', opens: '2026-11-01T05:00Z', closes: '2026-11-01T07:00Z', minutes: 120, why: 'fall back: the repeated hour is open twice' },
  { zone: 'America/New_York', day: '2026-03-15', start: '09:00', end: '17:30', opens: '2026-03-15T13:00Z', closes: '2026-03-15T21:30Z', minutes: 510, why: 'ordinary EDT day' },
  { zone: 'Europe/London', day: '2026-03-29', start: '00:30', end: '02:30', opens: '2026-03-29T00:30Z', closes: '2026-03-29T01:30Z', minutes: 60, why: 'spring forward' },
  { zone: 'Europe/London', day: '2026-03-29', start: '01:30', end: '03:00', opens: '2026-03-29T01:00Z', closes: '2026-03-29T02:00Z', minutes: 60, why: 'start in the skipped hour' },
  { zone: 'Europe/London', day: '2026-10-25', start: '00:30', end: '02:30', opens: '2026-10-24T23:30Z', closes: '2026-10-25T02:30Z', minutes: 180, why: 'fall back' },
  { zone: 'Australia/Sydney', day: '2026-04-05', start: '02:30', end: '03:30', opens: '2026-04-04T15:30Z', closes: '2026-04-04T17:30Z', minutes: 120, why: 'southern fall back (03:00 → 02:00)' },
  { zone: 'Australia/Sydney', day: '2026-10-04', start: '01:30', end: '03:30', opens: '2026-10-03T15:30Z', closes: '2026-10-03T16:30Z', minutes: 60, why: 'southern spring forward (02:00 → 03:00)' },
  { zone: 'Australia/Sydney', day: '2026-10-04', start: '02:15', end: '05:00', opens: '2026-10-03T16:00Z', closes: '2026-10-03T18:00Z', minutes: 120, why: 'start in the skipped hour' },
  { zone: 'Asia/Kolkata', day: '2026-03-08', start: '09:00', end: '17:30', opens: '2026-03-08T03:30Z', closes: '2026-03-08T12:00Z', minutes: 510, why: '+05:30, no DST' },
  { zone: 'Asia/Kolkata', day: '2026-03-08', start: '22:00', end: '02:00', opens: '2026-03-08T16:30Z', closes: '2026-03-08T20:30Z', minutes: 240, why: 'midnight-crossing at +05:30' },
  { zone: 'Asia/Kathmandu', day: '2026-03-08', start: '09:00', end: '17:00', opens: '2026-03-08T03:15Z', closes: '2026-03-08T11:15Z', minutes: 480, why: '+05:45, no DST' },
  { zone: 'Pacific/Chatham', day: '2026-04-05', start: '02:00', end: '04:00', opens: '2026-04-04T12:15Z', closes: '2026-04-04T15:15Z', minutes: 180, why: 'fall back 03:45 +13:45 → 02:45 +12:45' },
  { zone: 'Pacific/Chatham', day: '2026-09-27', start: '02:00', end: '04:00', opens: '2026-09-26T13:15Z', closes: '2026-09-26T14:15Z', minutes: 60, why: 'spring forward 02:45 +12:45 → 03:45 +13:45' },
  { zone: 'Pacific/Chatham', day: '2026-09-27', start: '03:00', end: '05:00', opens: '2026-09-26T14:00Z', closes: '2026-09-26T15:15Z', minutes: 75, why: 'start in the skipped hour' },
  { zone: 'Australia/Lord_Howe', day: '2026-10-04', start: '02:00', end: '03:00', opens: '2026-10-03T15:30Z', closes: '2026-10-03T16:00Z', minutes: 30, why: 'half-hour DST shift' },
  { zone: 'Australia/Lord_Howe', day: '2026-04-05', start: '01:00', end: '01:30', opens: '2026-04-04T14:00Z', closes: '2026-04-04T14:30Z', minutes: 30, why: 'half-hour fall back onto the end' },
  { zone: 'Australia/Lord_Howe', day: '2026-04-05', start: '01:00', end: '01:45', opens: '2026-04-04T14:00Z', closes: '2026-04-04T15:15Z', minutes: 75, why: 'half-hour fall back, end shown twice' },
];

describe('calendar across zones and DST changes', () => {
  it.each(cases)('$zone $day $start–$end: $why', ({ zone, day, start, end, opens, closes, minutes }) => {
    const weekday = DateTime.fromISO(day).toFormat('ccc').toLowerCase() as Weekday;
    const schedule = scheduleOf(zone, [{ days: [weekday], start, end }]);
    const [opening, closing] = [utc(opens), utc(closes)];
    const dayBefore = plusMs(opening, -24 * HOUR_MS);

    expect(nextOpeningAfter(schedule, dayBefore)).toEqual(opening);
    expect(currentWindowEnd(schedule, opening)).toEqual(closing);
    expect(isOpenAt(schedule, plusMs(opening, -1))).toBe(false);
    expect(isOpenAt(schedule, opening)).toBe(true);
    expect(isOpenAt(schedule, plusMs(closing, -1))).toBe(true);
    expect(isOpenAt(schedule, closing)).toBe(false);
    expect(openMinutesBetween(schedule, dayBefore, plusMs(opening, 48 * HOUR_MS))).toBe(minutes);
  });

  it.each([
    ['America/New_York', '2026-03-08T07:00Z', -300, -240],
    ['America/New_York', '2026-11-01T06:00Z', -240, -300],
    ['Australia/Sydney', '2026-04-04T16:00Z', 660, 600],
    ['Australia/Sydney', '2026-10-03T16:00Z', 600, 660],
    ['Pacific/Chatham', '2026-04-04T14:00Z', 825, 765],
    ['Pacific/Chatham', '2026-09-26T14:00Z', 765, 825],
  ] as const)('%s changes offset at %s (the dates the table relies on)', (zone, change, before, after) => {
    const instant = DateTime.fromISO(change, { zone });
    expect(instant.minus({ milliseconds: 1 }).offset).toBe(before);
    expect(instant.offset).toBe(after);
  });

  it('a window lying wholly in the skipped hour never opens that day, and opens the next week', () => {
    const schedule = scheduleOf('America/New_York', [{ days: ['sun'], start: '02:10', end: '02:40' }]);
    expect(nextOpeningAfter(schedule, utc('2026-03-08T05:00Z'))).toEqual(utc('2026-03-15T06:10Z'));
  });

  it('an ambiguous time on fall-back day is open on both occurrences when inside the window', () => {
    const schedule = scheduleOf('America/New_York', [{ days: ['sun'], start: '01:15', end: '01:45' }]);
    expect(isOpenAt(schedule, utc('2026-11-01T05:20Z'))).toBe(true); // 01:20 EDT
    expect(isOpenAt(schedule, utc('2026-11-01T06:20Z'))).toBe(true); // 01:20 EST
    expect(currentWindowEnd(schedule, utc('2026-11-01T05:15Z'))).toEqual(utc('2026-11-01T06:45Z'));
  });
});
