import { log, violationsOf, type Entry } from './audit-log.fixtures.js';

const ORG_CAP = { frequencyCap: { limit: 2, windowMs: 3_600_000, source: 'FREQUENCY_CAP' } };
const at = (minutes: number): string => new Date(Date.UTC(2026, 11, 1, 15, minutes)).toISOString();
const claim = (callId: string, attempt: number, minutes: number, subject = 'renewals'): Entry => [
  'number-+14155550100', 'NumberDialClaimed', { callId, attempt, subject, at: at(minutes) },
];
const capped = (...claims: Entry[]): string[] => violationsOf('frequency-cap', log(...claims), ORG_CAP);

describe('the frequency cap check (invariant 10) on a log', () => {
  it('reports the claim that passes the cap within its rolling window, on one subject', () => {
    expect(capped(claim('a', 1, 0), claim('b', 1, 10), claim('c', 1, 20))).toEqual([
      '+14155550100 claimed 3 times on subject "renewals" within 1 h, over the cap of 2 (FREQUENCY_CAP)',
    ]);
  });

  it('passes claims at the cap, claims on other subjects, and claims a window apart', () => {
    expect(capped(claim('a', 1, 0), claim('b', 1, 10))).toEqual([]);
    expect(capped(claim('a', 1, 0), claim('b', 1, 10, 'other'), claim('c', 1, 20))).toEqual([]);
    expect(capped(claim('a', 1, 0), claim('b', 1, 10), claim('c', 1, 60))).toEqual([]);
    expect(capped(claim('a', 1, 0), claim('b', 1, 10), claim('c', 1, 59))).toHaveLength(1);
  });

  it('counts an attempt that claimed again later once, at its latest claim', () => {
    expect(capped(claim('a', 1, 0), claim('a', 1, 5), claim('b', 1, 10))).toEqual([]);
    expect(capped(claim('a', 1, 0), claim('a', 2, 5), claim('b', 1, 10))).toHaveLength(1);
  });

  it('checks nothing without a cap in force', () => {
    expect(violationsOf('frequency-cap', log(claim('a', 1, 0), claim('b', 1, 1), claim('c', 1, 2)))).toEqual([]);
  });
});
