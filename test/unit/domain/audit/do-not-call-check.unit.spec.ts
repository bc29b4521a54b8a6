import { campaign, log, violationsOf, type Entry } from './audit-log.fixtures.js';

// Call a of campaign(…) rings +14155550100.
const NUMBER = 'number-+14155550100';
const listed = (data: Record<string, unknown> = {}, at?: string): Entry => [NUMBER, 'NumberAddedToDoNotCall', { source: 'api', ...data }, at];
const unlisted: Entry = [NUMBER, 'NumberRemovedFromDoNotCall', {}];
const claim = (at?: string): Entry => [NUMBER, 'NumberDialClaimed', { callId: 'a', attempt: 1, campaignId: 'c1', ...(at ? { at } : {}) }];
const attempted: Entry = ['call-a', 'CallAttempted', { attempt: 1 }];
const dnc = (...entries: Entry[]): string[] => violationsOf('do-not-call', log(...campaign(1), ...entries));

describe('the do-not-call check (invariant 9) on a log', () => {
  it('reports a claim made while the number is listed, and the attempt of a number listed that was never claimed', () => {
    expect(dnc(listed({ source: 'complaint' }), claim(), attempted)).toEqual(['+14155550100 was claimed for call a attempt 1 while on the do-not-call list (complaint)']);
    expect(dnc(listed(), attempted)).toEqual(['call a attempt 1 dialed +14155550100 while on the do-not-call list (api)']);
  });

  it('lets the attempt a claim allowed go ahead though the number was listed after the claim', () => {
    expect(dnc(claim(), listed(), attempted)).toEqual([]);
  });

  it('holds nothing against a number taken off the list, or a listing that expired before the claim', () => {
    expect(dnc(listed(), unlisted, claim(), attempted)).toEqual([]);
    expect(dnc(listed({ expiresAt: '2026-11-23T10:00:00.000Z' }), claim('2026-11-23T10:00:00.000Z'), attempted)).toEqual([]);
    expect(dnc(listed({ expiresAt: '2026-11-23T10:00:00.001Z' }), claim('2026-11-23T10:00:00.000Z'))).toHaveLength(1);
  });

  it('judges a claim by the instant it was made, not when it was recorded', () => {
    const until = '2026-11-24T00:00:00.000Z';
    expect(dnc(listed({ expiresAt: until }), claim('2026-11-24T00:00:01.000Z'))).toEqual([]);
    expect(dnc(listed({ expiresAt: until }), claim('2026-11-23T23:59:59.000Z'))).toHaveLength(1);
  });
});
