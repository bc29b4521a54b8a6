import { log, violationsOf, type Entry } from './audit-log.fixtures.js';

const at = (ms: number): string => new Date(Date.UTC(2026, 10, 23, 10) + ms).toISOString();
const request = (callId: string, ms: number, rate?: { count: number; windowMs: number }): Entry => [`call-${callId}`, 'CallAttempted', { attempt: 1, ...(rate ? { rate } : {}) }, at(ms)];
const rate = (maxCallsPerSecond: number | null, ...entries: Entry[]): string[] => violationsOf('dial-rate', log(...entries), { maxCallsPerSecond, rateToleranceMs: 200 });

describe('the dial rate check (invariant 11, the rate) on a log', () => {
  it('reports more requests in a window (shortened by the tolerance) than MAX_CALLS_PER_SECOND', () => {
    expect(rate(2, request('a', 0), request('b', 300), request('c', 700))).toEqual(['3 dial requests within 800 ms, over MAX_CALLS_PER_SECOND=2']);
    expect(rate(3, request('a', 0), request('b', 300), request('c', 700))).toEqual([]);
  });

  it('lets two tokens a window apart through although their stamps trail them a little', () => {
    expect(rate(2, request('a', 0), request('b', 100), request('c', 850))).toEqual([]);
    expect(rate(2, request('a', 0), request('b', 100), request('c', 799))).toHaveLength(1);
  });

  it('counts requests reaching the log a little out of time order', () => {
    expect(rate(2, request('a', 500), request('b', 0), request('c', 300))).toHaveLength(1);
  });

  it('holds each request to the budget it recorded, with no setting', () => {
    const budget = { count: 1, windowMs: 2_000 };
    expect(rate(null, request('a', 0, budget), request('b', 1_000, budget))).toEqual(['2 dial requests within 1800 ms, over the recorded budget of 1 per 2000 ms']);
    expect(rate(null, request('a', 0, budget), request('b', 1_900, budget))).toEqual([]);
    expect(rate(null, request('a', 0), request('b', 10), request('c', 20))).toEqual([]);
  });
});
