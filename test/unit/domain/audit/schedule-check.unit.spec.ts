import { log, violationsOf, type Entry } from './audit-log.fixtures.js';

/** Weekdays 09:00–17:00 UTC; 2026-11-23 is a Monday. */
const OFFICE = { timezone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }], blackoutDates: [] };
const EVENING = { timezone: 'UTC', windows: [{ days: ['mon'], start: '18:00', end: '23:00' }], blackoutDates: [] };
const NIGHT = '2026-11-23T20:00:00.000Z';
const created: Entry[] = [
  ['campaign-c1', 'CampaignCreated', { maxConcurrentCalls: 1, schedule: OFFICE }],
  ['campaign-c1', 'CampaignNumbersAdded', { calls: [{ callId: 'a', phoneNumber: '+14155550100' }] }],
  ['campaign-c1', 'CampaignStarted', {}],
];
const attempted = (at?: string): Entry => ['call-a', 'CallAttempted', { attempt: 1 }, at];
const patched = (schedule: unknown): Entry => ['campaign-c1', 'CampaignUpdated', { schedule }];

describe('the schedule check (invariant 2) on a log', () => {
  it('passes an attempt inside the window and reports one outside it', () => {
    expect(violationsOf('schedule', log(...created, attempted()))).toEqual([]);
    expect(violationsOf('schedule', log(...created, attempted(NIGHT)))).toEqual([`call a attempt 1 started at ${NIGHT}, outside the schedule (UTC)`]);
  });

  it('accepts an attempt open under the schedule its dial was decided under, when a PATCH raced the decision', () => {
    const raced = log(['campaign-c1', 'CampaignCreated', { maxConcurrentCalls: 1, schedule: EVENING }], ...created.slice(1), ['dialer-c1', 'DialStarted', { callId: 'a', attempt: 1 }, NIGHT], patched(OFFICE), attempted(NIGHT));
    expect(violationsOf('schedule', raced)).toEqual([]);
    // Without that decision, only the schedule in force counts.
    const undecided = log(['campaign-c1', 'CampaignCreated', { maxConcurrentCalls: 1, schedule: EVENING }], ...created.slice(1), patched(OFFICE), attempted(NIGHT));
    expect(violationsOf('schedule', undecided)).toHaveLength(1);
  });

  it('checks single calls against no schedule', () => {
    expect(violationsOf('schedule', log(['call-s', 'CallScheduled', { phoneNumber: '+14155550100', campaignId: null }], ['call-s', 'CallAttempted', { attempt: 1 }, NIGHT]))).toEqual([]);
  });
});
