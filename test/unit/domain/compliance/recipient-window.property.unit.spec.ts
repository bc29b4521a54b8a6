import fc from 'fast-check';
import { type RecipientWindowOptions, recipientWindow, resolveZones } from '../../../../src/domain/compliance/index.js';
import { oracle } from './recipient-window-oracle.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const ISO = (ms: number) => new Date(ms).toISOString();

// Every rule of the built-in set is reachable: each state with a rule, Canada, split codes, toll-free.
const NUMBERS = [
  '+12125550123', '+13055550123', '+14055550123', '+13015550123', '+12065550123', '+12145550123',
  '+12055550123', '+15045550123', '+16015550123', '+12155550123', '+14165550123', '+16045550123',
  '+18085550123', '+19075550123', '+19285550123', '+12195550123', '+12082150000', '+18005550123',
];
const LOCATIONS = [{}, {}, { timezone: 'America/Chicago' }, { timezone: 'America/Los_Angeles' }, { zip: '33101' }, { zip: '73301' }, { zip: '70112' }];

const caseArb = fc.record({
  phoneNumber: fc.constantFrom(...NUMBERS),
  location: fc.constantFrom(...LOCATIONS),
  startMinute: fc.integer({ min: 4 * 60, max: 20 * 60 }),
  lengthMinutes: fc.integer({ min: 15, max: 14 * 60 }),
  complianceRules: fc.constantFrom('builtin' as const, 'builtin' as const, 'none' as const),
  marginMs: fc.constantFrom(0, MINUTE_MS, 5 * MINUTE_MS),
  // 2026–2027: both DST changes of each year, the Pennsylvania Sunday ban coming into force, holidays.
  instant: fc.integer({ min: Date.UTC(2026, 0, 1) / MINUTE_MS, max: Date.UTC(2027, 11, 20) / MINUTE_MS }).map((m) => m * MINUTE_MS),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

function caseOf({ phoneNumber, location, startMinute, lengthMinutes, complianceRules, marginMs }: Case) {
  const endMinute = Math.min(startMinute + lengthMinutes, 24 * 60 - 1);
  const options: RecipientWindowOptions = { recipientHours: { start: hhmm(startMinute), end: hhmm(endMinute) }, complianceRules, marginMs };
  return { resolution: resolveZones({ phoneNumber, ...location }), options };
}

describe('recipientWindow properties (checked against a minute-by-minute oracle)', () => {
  it('is open exactly when the oracle is, at every change of state over a day and a half', () => {
    fc.assert(
      fc.property(caseArb, (input) => {
        const { resolution, options } = caseOf(input);
        const open = oracle(resolution, options);
        const probes = [input.instant];
        for (let t = input.instant; t < input.instant + 36 * HOUR_MS; t += MINUTE_MS) {
          if (open(t) !== open(t + MINUTE_MS)) probes.push(t, t + MINUTE_MS, t + MINUTE_MS - 1);
        }
        for (const probe of probes) {
          const window = recipientWindow(resolution, options, new Date(probe));
          // Every boundary is a whole minute, so between two the gate agrees with the minute before.
          const expected = open(Math.floor(probe / MINUTE_MS) * MINUTE_MS);
          expect({ at: ISO(probe), open: window.open }).toEqual({ at: ISO(probe), open: expected });
          if (window.open && window.closesAt) {
            expect(open(window.closesAt.getTime())).toBe(false);
            expect(open(window.closesAt.getTime() - MINUTE_MS)).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('nextOpenAt is the first minute the oracle is open, across nights, weekends, holidays and DST', () => {
    const scanMs = 6 * DAY_MS;
    fc.assert(
      fc.property(caseArb, (input) => {
        const { resolution, options } = caseOf(input);
        const open = oracle(resolution, options);
        const window = recipientWindow(resolution, options, new Date(input.instant));
        let first: number | null = null;
        for (let t = input.instant; first === null && t <= input.instant + scanMs; t += MINUTE_MS) if (open(t)) first = t;
        if (window.open) expect(first).toBe(input.instant);
        else if (first !== null) expect(window.nextOpenAt && ISO(window.nextOpenAt.getTime())).toBe(ISO(first));
        else expect(window.nextOpenAt === null || window.nextOpenAt.getTime() > input.instant + scanMs).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
