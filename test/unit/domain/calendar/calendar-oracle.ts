import { DateTime } from 'luxon';
import { type Schedule } from '../../../../src/domain/calendar/schedule.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// Larger than any offset change of the zones under test, so the look-back/ahead below is complete.
const MARGIN_MS = 3 * 3_600_000;

/**
 * A brute-force reading of the documented rule, sharing no code with the calendar: a window that
 * starts on local date X is open at u when the wall clock has shown its start (on X) at some
 * moment ≤ u and still shows a time before its end at some moment ≥ u. Exact at whole UTC minutes
 * for zones whose offsets and changes fall on whole minutes; open-ness is constant within a minute.
 */
export function minuteOracle(schedule: Schedule, from: number, to: number): (instant: number) => boolean {
  const first = Math.floor((from - MARGIN_MS) / MINUTE_MS) * MINUTE_MS;
  const count = Math.ceil((to + MARGIN_MS - first) / MINUTE_MS) + 1;
  const walls = wallReadings(schedule.timezone, first, count);
  const shownSoFar = [...walls];
  for (let i = 1; i < count; i++) shownSoFar[i] = Math.max(shownSoFar[i - 1]!, walls[i]!);
  const shownFromHere = [...walls];
  for (let i = count - 2; i >= 0; i--) shownFromHere[i] = Math.min(shownFromHere[i + 1]!, walls[i]!);

  const ranges = wallRanges(schedule, Math.floor(walls[0]! / DAY_MS) - 1, Math.floor(walls[count - 1]! / DAY_MS) + 1);
  return (instant) => {
    if (instant < from || instant > to) throw new Error('instant outside the oracle range');
    const i = Math.floor((instant - first) / MINUTE_MS);
    return ranges.some(([start, end]) => shownSoFar[i]! >= start && shownFromHere[i]! < end);
  };
}

/**
 * What the wall clock shows at each of `count` minutes from `first`, in ms of a zoneless clock.
 * Luxon is asked once per quarter hour, and for every minute of a quarter whose two ends differ
 * in offset (the zones under test change offset at most once in any quarter hour).
 */
function wallReadings(zone: string, first: number, count: number): number[] {
  const offsetAt = (instant: number) => DateTime.fromMillis(instant, { zone }).offset * MINUTE_MS;
  const walls: number[] = [];
  for (let block = 0; block < count; block += 15) {
    const [startOffset, endOffset] = [offsetAt(first + block * MINUTE_MS), offsetAt(first + (block + 15) * MINUTE_MS)];
    for (let i = block; i < Math.min(block + 15, count); i++) {
      const instant = first + i * MINUTE_MS;
      walls.push(instant + (startOffset === endOffset ? startOffset : offsetAt(instant)));
    }
  }
  return walls;
}

function wallRanges(schedule: Schedule, firstDay: number, lastDay: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const date = DateTime.fromMillis(day * DAY_MS, { zone: 'utc' });
    if (schedule.blackoutDates.includes(date.toISODate()!)) continue;
    for (const window of schedule.windows) {
      if (!window.days.includes(date.toFormat('ccc').toLowerCase() as never)) continue;
      const start = minutesOf(window.start);
      const end = minutesOf(window.end);
      const endDay = end > start ? day : day + 1;
      ranges.push([day * DAY_MS + start * MINUTE_MS, endDay * DAY_MS + end * MINUTE_MS]);
    }
  }
  return ranges;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
}
