import { log, violationsOf, type Entry } from './audit-log.fixtures.js';

// 2026-11-23 13:30 UTC: 08:30 in New York, 05:30 in Los Angeles.
const EARLY = '2026-11-23T13:30:00.000Z';
const LA_MORNING = '2026-11-23T17:00:00.000Z';
const campaign = (rules: Record<string, unknown>, call: Record<string, unknown> = {}): Entry[] => [
  ['campaign-c1', 'CampaignCreated', { maxConcurrentCalls: 1, ...rules }],
  ['campaign-c1', 'CampaignNumbersAdded', { calls: [{ callId: 'la', phoneNumber: '+12135550100', ...call }] }],
  ['campaign-c1', 'CampaignStarted', {}],
];
const attempted = (at: string): Entry => ['call-la', 'CallAttempted', { attempt: 1 }, at];
const HOURS = { recipientHours: { start: '08:00', end: '21:00' }, complianceRules: 'none' };

describe('the recipient hours check (invariant 8) on a log', () => {
  it('reports an attempt outside the recipient\'s hours in the zone of the number, and passes one inside them', () => {
    const [early] = violationsOf('recipient-hours', log(...campaign(HOURS), attempted(EARLY)));
    expect(early).toMatch(/^call la attempt 1 to \+12135550100 at 2026-11-23T13:30:00.000Z: closed by .*recipient-hours@America\/Los_Angeles.*05:30.*America\/Los_Angeles/);
    expect(violationsOf('recipient-hours', log(...campaign(HOURS), attempted(LA_MORNING)))).toEqual([]);
  });

  it('takes the call\'s own time zone over the area code', () => {
    expect(violationsOf('recipient-hours', log(...campaign(HOURS, { timezone: 'America/New_York' }), attempted(EARLY)))).toEqual([]);
  });

  it('checks nothing for a campaign without hours or rules of its own (created before the gate)', () => {
    expect(violationsOf('recipient-hours', log(...campaign({}), attempted(EARLY)))).toEqual([]);
  });

  it('holds a campaign with built-in rules but no hours of its own to the rules\' hours', () => {
    const night = '2026-11-24T07:00:00.000Z'; // 23:00 in Los Angeles
    expect(violationsOf('recipient-hours', log(...campaign({ recipientHours: null, complianceRules: 'builtin' }), attempted(night)))).toHaveLength(1);
  });
});
