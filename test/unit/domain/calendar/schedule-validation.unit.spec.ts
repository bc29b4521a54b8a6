import { validateSchedule } from '../../../../src/domain/calendar/schedule-validation.js';

const valid = {
  timezone: 'America/New_York',
  windows: [{ days: ['mon', 'tue'], start: '09:00', end: '17:30' }],
  blackoutDates: ['2026-12-25'],
};
const withWindow = (window: unknown) => ({ ...valid, windows: [valid.windows[0], window] });
const fieldsOf = (schedule: unknown) => validateSchedule(schedule).map((error) => error.field);

describe('validateSchedule', () => {
  it.each([
    ['the design example', valid],
    ['UTC', { ...valid, timezone: 'UTC' }],
    ['Etc/UTC', { ...valid, timezone: 'Etc/UTC' }],
    ['a midnight-crossing window', withWindow({ days: ['fri'], start: '22:00', end: '02:00' })],
    ['a whole day 00:00–24:00', withWindow({ days: ['sun'], start: '00:00', end: '24:00' })],
    ['a window ending at midnight as 00:00', withWindow({ days: ['sun'], start: '18:00', end: '00:00' })],
    ['no blackout dates', { timezone: 'UTC', windows: valid.windows }],
    ['50 windows', { ...valid, windows: Array.from({ length: 50 }, () => valid.windows[0]) }],
    ['1000 blackout dates', { ...valid, blackoutDates: Array.from({ length: 1000 }, () => '2027-02-28') }],
    ['an Etc zone whose name holds an offset', { ...valid, timezone: 'Etc/GMT+3' }],
    ['a legacy alias', { ...valid, timezone: 'US/Eastern' }],
    ['a leap day', { ...valid, blackoutDates: ['2028-02-29'] }],
  ])('accepts %s', (_label, schedule) => {
    expect(validateSchedule(schedule)).toEqual([]);
  });

  it.each([
    ['a fixed offset zone', { ...valid, timezone: 'UTC+3' }, ['timezone']],
    ['an offset as zone', { ...valid, timezone: '+03:00' }, ['timezone']],
    ['a compact offset as zone', { ...valid, timezone: '-0500' }, ['timezone']],
    ['an offset with a unicode minus', { ...valid, timezone: '\u221203:00' }, ['timezone']],
    ['an unknown zone', { ...valid, timezone: 'Mars/Olympus' }, ['timezone']],
    ['a missing zone', { ...valid, timezone: undefined }, ['timezone']],
    ['no windows', { ...valid, windows: [] }, ['windows']],
    ['51 windows', { ...valid, windows: Array.from({ length: 51 }, () => valid.windows[0]) }, ['windows']],
    ['windows not an array', { ...valid, windows: 'always' }, ['windows']],
    ['a window that is not an object', withWindow(42), ['windows[1]']],
    ['empty days', withWindow({ days: [], start: '09:00', end: '10:00' }), ['windows[1].days']],
    ['an unknown day', withWindow({ days: ['mon', 'Tue'], start: '09:00', end: '10:00' }), ['windows[1].days']],
    ['a repeated day', withWindow({ days: ['mon', 'mon'], start: '09:00', end: '10:00' }), ['windows[1].days']],
    ['a one-digit hour', withWindow({ days: ['mon'], start: '9:00', end: '10:00' }), ['windows[1].start']],
    ['seconds', withWindow({ days: ['mon'], start: '09:00:00', end: '10:00' }), ['windows[1].start']],
    ['hour 24 as a start', withWindow({ days: ['mon'], start: '24:00', end: '10:00' }), ['windows[1].start']],
    ['24:30 as an end', withWindow({ days: ['mon'], start: '09:00', end: '24:30' }), ['windows[1].end']],
    ['minute 60', withWindow({ days: ['mon'], start: '09:00', end: '10:60' }), ['windows[1].end']],
    ['a zero-length window', withWindow({ days: ['mon'], start: '09:00', end: '09:00' }), ['windows[1].end']],
    ['blackouts not an array', { ...valid, blackoutDates: '2026-12-25' }, ['blackoutDates']],
    ['an impossible date', { ...valid, blackoutDates: ['2026-12-25', '2026-02-30'] }, ['blackoutDates[1]']],
    ['a non-leap 29 February', { ...valid, blackoutDates: ['2027-02-29'] }, ['blackoutDates[0]']],
    ['a date with a time', { ...valid, blackoutDates: ['2026-12-25T00:00'] }, ['blackoutDates[0]']],
    ['a short date', { ...valid, blackoutDates: ['2026-1-5'] }, ['blackoutDates[0]']],
    ['1001 blackout dates', { ...valid, blackoutDates: Array.from({ length: 1001 }, () => '2027-02-28') }, ['blackoutDates']],
    ['everything at once', { timezone: 'nowhere', windows: [{ days: ['x'], start: 'a', end: 'b' }], blackoutDates: [1] },
      ['timezone', 'windows[0].days', 'windows[0].start', 'windows[0].end', 'blackoutDates[0]']],
  ])('rejects %s', (_label, schedule, fields) => {
    expect(fieldsOf(schedule)).toEqual(fields);
  });

  it.each([null, 'UTC', [], 7])('names the required fields when the schedule is %j', (schedule) => {
    expect(fieldsOf(schedule)).toEqual(['timezone', 'windows']);
  });

  it('explains each error', () => {
    const [error] = validateSchedule({ ...valid, timezone: 'UTC+3' });
    expect(error?.message).toMatch(/IANA/);
  });
});
