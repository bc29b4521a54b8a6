import fc from 'fast-check';
import { currentWindowEnd, isOpenAt, nextOpeningAfter } from '../../../../src/domain/calendar/calendar.js';
import { calendarCaseArb } from './calendar-arbitraries.js';
import { minuteOracle } from './calendar-oracle.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const ISO = (ms: number) => new Date(ms).toISOString();
const minutesBetween = (from: number, to: number) =>
  Array.from({ length: Math.max(0, Math.ceil((to - from) / MINUTE_MS)) }, (_, i) => from + i * MINUTE_MS);

describe('calendar properties (checked against a minute-by-minute oracle)', () => {
  it('isOpenAt agrees with the oracle at every boundary and across a day', () => {
    fc.assert(
      fc.property(calendarCaseArb, ({ schedule, instant }) => {
        const to = instant + DAY_MS;
        const open = minuteOracle(schedule, instant, to);
        const firstMinute = Math.ceil(instant / MINUTE_MS) * MINUTE_MS;
        const probes = [instant, to];
        for (let minute = firstMinute; minute + MINUTE_MS <= to; minute += MINUTE_MS) {
          // Every change of state, from both sides, plus a sparse sample.
          if (open(minute) !== open(minute + MINUTE_MS)) probes.push(minute + MINUTE_MS - 1, minute + MINUTE_MS);
          else if ((minute / MINUTE_MS) % 181 === 0) probes.push(minute + 12_345);
        }
        for (const probe of probes.filter((p) => p <= to)) {
          const expected = open(probe);
          expect({ at: ISO(probe), open: isOpenAt(schedule, new Date(probe)) }).toEqual({ at: ISO(probe), open: expected });
          const end = currentWindowEnd(schedule, new Date(probe));
          expect(end === null).toBe(!expected);
          if (end !== null) {
            expect(end.getTime()).toBeGreaterThan(probe);
            const firstClosed = minutesBetween(probe, Math.min(end.getTime(), to)).find((minute) => !open(minute));
            expect(firstClosed && ISO(firstClosed)).toBeUndefined();
          }
        }
      }),
      { numRuns: 100 },
    );
  }, 30_000);

  it('nextOpeningAfter is the first open instant at or after the given one', () => {
    const scanMs = 3 * DAY_MS;
    fc.assert(
      fc.property(calendarCaseArb, ({ schedule, instant }) => {
        const next = nextOpeningAfter(schedule, new Date(instant));
        const open = minuteOracle(schedule, instant, instant + scanMs);
        let firstOpen: number | null = open(instant) ? instant : null;
        for (let minute = Math.ceil(instant / MINUTE_MS) * MINUTE_MS; firstOpen === null && minute <= instant + scanMs; minute += MINUTE_MS) {
          if (open(minute)) firstOpen = minute;
        }
        if (firstOpen !== null) {
          expect(next && ISO(next.getTime())).toBe(ISO(firstOpen));
        } else if (next !== null) {
          expect(next.getTime()).toBeGreaterThan(instant + scanMs);
          expect(isOpenAt(schedule, next)).toBe(true);
          expect(isOpenAt(schedule, new Date(next.getTime() - 1))).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  }, 30_000);
});
