import { campaign, log, violationsOf, type Entry } from './audit-log.fixtures.js';

const call = (callId: string, type: string, data: Record<string, unknown> = {}): Entry => [`call-${callId}`, type, data];
const completed: Entry = ['campaign-c1', 'CampaignCompleted', {}];

describe('the attempts check (invariants 4 and 12) on a log', () => {
  it('passes attempts recorded once each, before the call ended', () => {
    const events = log(...campaign(1), call('a', 'CallAttempted', { attempt: 1 }), call('a', 'CallFailed', { attempt: 1, outcome: 'busy', willRetry: true }), call('a', 'CallAttempted', { attempt: 2 }));
    expect(violationsOf('attempt-once', events)).toEqual([]);
    expect(violationsOf('answered', events)).toEqual([]);
  });

  it.each([
    ['twice', [call('a', 'CallAttempted', { attempt: 1 }), call('a', 'CallAttempted', { attempt: 1 })], 'call a attempt 1 recorded twice'],
    ['after a failure that ended the call', [call('a', 'CallAttempted', { attempt: 1 }), call('a', 'CallFailed', { attempt: 1, outcome: 'busy', willRetry: false }), call('a', 'CallAttempted', { attempt: 2 })], 'call a attempt 2 after the call ended'],
    ['after the call was cancelled', [call('a', 'CallCancelled'), call('a', 'CallAttempted', { attempt: 1 })], 'call a attempt 1 after the call ended'],
  ])('reports an attempt recorded %s', (_, entries, message) => {
    expect(violationsOf('attempt-once', log(...campaign(1), ...entries))).toEqual([message]);
  });

  it('reports an answered attempt recorded as a failure, and an answered call dialed again', () => {
    const events = log(
      ...campaign(1),
      call('a', 'CallAttempted', { attempt: 1 }), call('a', 'CallAttempted', { attempt: 2 }), call('a', 'CallAnswered', { attempt: 2 }),
      call('a', 'CallFailed', { attempt: 2, outcome: 'timeout', willRetry: true }), call('a', 'CallAttempted', { attempt: 3 }),
    );
    expect(violationsOf('answered', events)).toEqual(['call a attempt 2 was answered, then recorded as timeout', 'call a was answered on attempt 2 and dialed again (attempt 3)']);
    // A failure of an attempt that was not answered is no violation.
    expect(violationsOf('answered', log(...campaign(1), call('a', 'CallAttempted', { attempt: 1 }), call('a', 'CallAnswered', { attempt: 1 }), call('a', 'CallFailed', { attempt: 2, outcome: 'busy' })))).toEqual([]);
  });

  it('reports a campaign completed while a call is open or was never dialed, except a removed number never dialed', () => {
    const events = log(
      ...campaign(1),
      ['campaign-c1', 'CampaignNumberRemoved', { callId: 'c' }],
      call('a', 'CallAttempted', { attempt: 1 }), call('a', 'CallCompleted', { attempt: 1 }),
      call('b', 'CallAttempted', { attempt: 1 }),
      completed,
    );
    expect(violationsOf('terminal', events)).toEqual([`campaign completed while call b is still open after CallAttempted (call-b@${events.length - 2})`]);
    expect(violationsOf('terminal', log(...campaign(1), completed))).toEqual(['a', 'b', 'c'].map((id) => `campaign completed while call ${id} was never dialed`));
  });
});
