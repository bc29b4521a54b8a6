import fc from 'fast-check';
import { DateTime } from 'luxon';
import { type Schedule, type TimeWindow, WEEKDAYS, type Weekday } from '../../../../src/domain/calendar/schedule.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2028, 0, 1);

/** Zones under test: every offset and offset change falls on a whole minute (the oracle relies on it). */
export const ZONES = [
  'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Sydney', 'Asia/Kathmandu',
  'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC',
];

type OffsetChange = { instant: number; weekday: Weekday; wallMinutes: [number, number] };

/** Every offset change of a zone in 2026–2027, to the minute, with its local weekday and wall time. */
function offsetChangesOf(zone: string): OffsetChange[] {
  const offset = (instant: number) => DateTime.fromMillis(instant, { zone }).offset;
  const changes: OffsetChange[] = [];
  for (let day = FROM; day < TO; day += DAY_MS) {
    if (offset(day) === offset(day + DAY_MS)) continue;
    let [before, after] = [day, day + DAY_MS];
    while (after - before > MINUTE_MS) {
      const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
      if (offset(middle) === offset(before)) before = middle;
      else after = middle;
    }
    // The wall times the clock jumps from and to: 02:00 and 03:00 (spring) or 01:00 (fall) in New York.
    const [justBefore, atChange] = [DateTime.fromMillis(after - MINUTE_MS, { zone }), DateTime.fromMillis(after, { zone })];
    changes.push({
      instant: after,
      weekday: justBefore.toFormat('ccc').toLowerCase() as Weekday,
      wallMinutes: [(justBefore.hour * 60 + justBefore.minute + 1) % 1440, atChange.hour * 60 + atChange.minute],
    });
  }
  return changes;
}
const offsetChanges = new Map(ZONES.map((zone) => [zone, offsetChangesOf(zone)]));
const zonesWithChanges = ZONES.filter((zone) => offsetChanges.get(zone)!.length > 0);

const time = (minutes: number) => (minutes === 1440 ? '24:00' : DateTime.fromObject({ hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone: 'utc' }).toFormat('HH:mm'));
const daysArb = fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 });
const blackoutShiftsArb = fc.uniqueArray(fc.integer({ min: -2, max: 4 }), { maxLength: 3 });

function windowOf(days: Weekday[], start: number, end: number): TimeWindow {
  return { days, start: time(start), end: time(end) };
}

function withBlackouts(zone: string, windows: TimeWindow[], shifts: number[], instant: number) {
  const localDate = DateTime.fromMillis(instant, { zone }).startOf('day');
  const schedule: Schedule = { timezone: zone, windows, blackoutDates: shifts.map((days) => localDate.plus({ days }).toISODate()!) };
  return { schedule, instant };
}

/** Any zone, any windows (some crossing midnight, some ending 24:00), any instant of 2026–2027. */
const uniformCase = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    windows: fc.array(
      fc.record({ days: daysArb, start: fc.integer({ min: 0, max: 1439 }), end: fc.integer({ min: 1, max: 1440 }) })
        .filter(({ start, end }) => start !== end),
      { minLength: 1, maxLength: 3 },
    ),
    blackoutShifts: blackoutShiftsArb,
    instant: fc.integer({ min: FROM, max: TO - 1 }),
  })
  .map(({ zone, windows, blackoutShifts, instant }) =>
    withBlackouts(zone, windows.map(({ days, start, end }) => windowOf(days, start, end)), blackoutShifts, instant));

// Exactly at the edge of the jump half the time, where the rules for skipped and repeated times bite.
const nearChangeMinutes = fc.oneof(fc.integer({ min: -120, max: 180 }), fc.constant(0));

/** Windows starting and ending within two hours of a DST change, on its day, and an instant from a day before it to 2 h after. */
const aroundOffsetChange = fc
  .record({
    zone: fc.constantFrom(...zonesWithChanges),
    pick: fc.nat(),
    wallOfChange: fc.constantFrom(0, 1),
    windows: fc.array(
      fc.record({ days: daysArb, start: nearChangeMinutes, end: nearChangeMinutes })
        .filter(({ start, end }) => start !== end),
      { minLength: 1, maxLength: 3 },
    ),
    blackoutShifts: blackoutShiftsArb,
    shift: fc.integer({ min: -DAY_MS, max: 2 * HOUR_MS }),
  })
  .map(({ zone, pick, wallOfChange, windows, blackoutShifts, shift }) => {
    const changes = offsetChanges.get(zone)!;
    const change = changes[pick % changes.length]!;
    const minuteOf = (delta: number) => (((change.wallMinutes[wallOfChange]! + delta) % 1440) + 1440) % 1440;
    const near = windows.map(({ days, start, end }) =>
      windowOf([...new Set([change.weekday, ...days])], minuteOf(start), minuteOf(end)),
    );
    return withBlackouts(zone, near.filter(({ start, end }) => start !== end), blackoutShifts, change.instant + shift);
  });

export const calendarCaseArb = fc.oneof(uniformCase, aroundOffsetChange);
