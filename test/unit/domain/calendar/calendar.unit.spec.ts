import { currentWindowEnd, isOpenAt, nextOpeningAfter } from '../../../../src/domain/calendar/calendar.js';
import { local, plusMs, scheduleOf, utc } from './calendar-test-support.js';

const NY = 'America/New_York';

describe('midnight-crossing windows belong to the day they start on', () => {
  const schedule = scheduleOf(NY, [{ days: ['fri'], start: '22:00', end: '02:00' }]);

  it.each([
    ['Fri 21:59', '2026-01-09T21:59', false],
    ['Fri 22:00', '2026-01-09T22:00', true],
    ['Sat 01:00', '2026-01-10T01:00', true],
    ['Sat 02:00', '2026-01-10T02:00', false],
    ['Sat 22:30 (sat not in days)', '2026-01-10T22:30', false],
    ['Thu 23:00 (thu not in days)', '2026-01-08T23:00', false],
  ])('%s → open %s', (_label, wallTime, open) => {
    expect(isOpenAt(schedule, local(NY, wallTime))).toBe(open);
  });

  it('closes at 02:00 on the next day', () => {
    expect(currentWindowEnd(schedule, local(NY, '2026-01-10T01:00'))).toEqual(local(NY, '2026-01-10T02:00'));
    expect(isOpenAt(schedule, plusMs(local(NY, '2026-01-10T02:00'), -1))).toBe(true);
  });
});

describe('blackout dates suppress windows starting on them', () => {
  const weekdays = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '09:00', end: '17:00' };
  const nights = { days: ['thu', 'fri'] as const, start: '22:00', end: '02:00' };
  const schedule = scheduleOf(NY, [weekdays, nights], ['2026-12-25']);

  it('is closed all of Christmas Day and opens again on Monday', () => {
    expect(isOpenAt(schedule, local(NY, '2026-12-25T10:00'))).toBe(false);
    expect(nextOpeningAfter(schedule, local(NY, '2026-12-25T10:00'))).toEqual(local(NY, '2026-12-28T09:00'));
  });

  it('lets the window started the evening before run to its end', () => {
    expect(isOpenAt(schedule, local(NY, '2026-12-25T01:00'))).toBe(true);
    expect(currentWindowEnd(schedule, local(NY, '2026-12-25T01:00'))).toEqual(local(NY, '2026-12-25T02:00'));
  });

  it('suppresses the window that would start on the blackout evening', () => {
    expect(isOpenAt(schedule, local(NY, '2026-12-25T22:30'))).toBe(false);
    expect(isOpenAt(schedule, local(NY, '2026-12-26T01:00'))).toBe(false);
  });

  it('uses the schedule zone for the blackout date, not UTC', () => {
    // 2026-12-24T23:30 in New York is already the 25th in UTC: still open.
    expect(isOpenAt(schedule, local(NY, '2026-12-24T23:30'))).toBe(true);
  });

  it('keeps searching past a long run of blacked-out days (no fixed horizon)', () => {
    const mondays = Array.from({ length: 150 }, (_, week) => plusMs(utc('2026-01-05T12:00Z'), week * 7 * 86_400_000))
      .map((date) => date.toISOString().slice(0, 10));
    const mondaysOnly = scheduleOf('UTC', [{ days: ['mon'], start: '09:00', end: '10:00' }], mondays);
    expect(nextOpeningAfter(mondaysOnly, utc('2026-01-01T00:00Z'))).toEqual(utc('2028-11-20T09:00Z'));
  });
});

describe('weekday boundaries and whole-day windows', () => {
  const schedule = scheduleOf('Asia/Kathmandu', [{ days: ['mon'], start: '00:00', end: '24:00' }]);
  const monday = local('Asia/Kathmandu', '2026-03-09T00:00');
  const tuesday = local('Asia/Kathmandu', '2026-03-10T00:00');

  it('is open exactly from Monday 00:00 to Tuesday 00:00 local', () => {
    expect(isOpenAt(schedule, plusMs(monday, -1))).toBe(false);
    expect(isOpenAt(schedule, monday)).toBe(true);
    expect(isOpenAt(schedule, plusMs(tuesday, -1))).toBe(true);
    expect(isOpenAt(schedule, tuesday)).toBe(false);
    expect(currentWindowEnd(schedule, monday)).toEqual(tuesday);
  });

  it('finds Monday 00:00 local from the Sunday before', () => {
    expect(nextOpeningAfter(schedule, local('Asia/Kathmandu', '2026-03-08T12:00'))).toEqual(monday);
  });
});

describe('nextOpeningAfter', () => {
  const schedule = scheduleOf('Europe/London', [{ days: ['wed'], start: '09:00', end: '17:00' }]);

  it('returns the instant itself, to the millisecond, when already open', () => {
    const instant = utc('2026-01-07T12:34:56.789Z');
    expect(nextOpeningAfter(schedule, instant)).toEqual(instant);
  });

  it('returns the next start when closed, even one millisecond after a close', () => {
    expect(nextOpeningAfter(schedule, utc('2026-01-07T17:00:00.000Z'))).toEqual(utc('2026-01-14T09:00Z'));
  });

  it('returns null when no window can ever open', () => {
    expect(nextOpeningAfter(scheduleOf('UTC', []), utc('2026-01-01T00:00Z'))).toBeNull();
    expect(nextOpeningAfter(scheduleOf('UTC', [{ days: [], start: '09:00', end: '10:00' }]), utc('2026-01-01T00:00Z'))).toBeNull();
  });
});

describe('currentWindowEnd', () => {
  const schedule = scheduleOf('UTC', [
    { days: ['wed'], start: '09:00', end: '12:00' },
    { days: ['wed'], start: '11:00', end: '13:00' },
  ]);

  it('is null when closed and the latest end of the windows open at the instant', () => {
    expect(currentWindowEnd(schedule, utc('2026-01-07T08:59Z'))).toBeNull();
    expect(currentWindowEnd(schedule, utc('2026-01-07T10:00Z'))).toEqual(utc('2026-01-07T12:00Z'));
    expect(currentWindowEnd(schedule, utc('2026-01-07T11:30Z'))).toEqual(utc('2026-01-07T13:00Z'));
  });
});

describe('instants', () => {
  const schedule = scheduleOf('Asia/Kolkata', [{ days: ['mon'], start: '09:00', end: '17:30' }]);

  it('accepts ISO strings with an explicit offset', () => {
    expect(isOpenAt(schedule, '2026-03-09T09:00+05:30')).toBe(true);
    expect(isOpenAt(schedule, '2026-03-09T03:29:59.999Z')).toBe(false);
    expect(nextOpeningAfter(schedule, '2026-03-09T03:00:00Z')).toEqual(utc('2026-03-09T03:30Z'));
  });

  it.each(['2026-03-09T09:00', '2026-03-09', 'tomorrow', ''])('rejects %j, which is not an instant', (text) => {
    expect(() => isOpenAt(schedule, text)).toThrow(RangeError);
  });

  it('rejects an invalid Date and an unknown zone', () => {
    expect(() => isOpenAt(schedule, new Date(Number.NaN))).toThrow(RangeError);
    expect(() => isOpenAt({ ...schedule, timezone: 'Mars/Olympus' }, utc('2026-01-01T00:00Z'))).toThrow(RangeError);
  });
});
