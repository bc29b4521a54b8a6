import type { CallEvent } from '../../../src/domain/call/call.events.js';
import { evolveCallRow, type CallRow } from '../../../src/projections/calls/call-row.js';
import type { CallRowEvent } from '../../../src/projections/calls/dialer-notes.js';
import { nextCallStatus, statusAfterCampaignCancelled } from '../../../src/projections/calls/call-status.js';

const fact = (event: CallRowEvent, at: string) => ({ id: 'call-1', event, version: 0, at });
const fold = (events: Array<[CallRowEvent, string]>, from: CallRow | null = null) =>
  events.reduce<CallRow | null>((row, [event, at]) => evolveCallRow(row, fact(event, at)), from);

const pending: CallRow = {
  id: 'call-1',
  campaignId: 'c1',
  position: 4,
  phoneNumber: '+14155550100',
  status: 'pending',
  skipReason: null,
  lastOutcome: null,
  attempts: [],
  nextAttemptAt: null,
  waitingFor: null,
  contact: { name: 'Ada' },
  createdAt: 't0',
  updatedAt: 't0',
};

const failedBusy: Array<[CallEvent, string]> = [
  [{ type: 'CallAttempted', data: { attempt: 1 } }, 't1'],
  [{ type: 'CallFailed', data: { attempt: 1, outcome: 'busy', providerCallId: 'p1', willRetry: true } }, 't2'],
  [{ type: 'CallRetryScheduled', data: { attempt: 2, dueAt: 't9' } }, 't2'],
];
const waiting = (waitingFor: 'recipient_hours' | 'frequency_cap', until: string | null): CallRowEvent => ({ type: 'DialerWaiting', data: { waitingFor, until } });
const dialing: CallRowEvent = { type: 'DialerDialing', data: {} };

describe('evolveCallRow: skips and waits', () => {
  it('skips a call for good with its reason, ending any wait', () => {
    const row = fold([...failedBusy, [{ type: 'CallSkipped', data: { attempt: 2, reason: 'opted_out' } }, 't3']], pending);
    expect(row).toMatchObject({ status: 'skipped', skipReason: 'opted_out', lastOutcome: 'busy', waitingFor: null, nextAttemptAt: null, updatedAt: 't3' });
  });

  it('waits for a retry delay, then for what the dialer says, until a dial starts', () => {
    const retrying = fold(failedBusy, pending);
    expect(retrying).toMatchObject({ waitingFor: 'retry_delay', nextAttemptAt: 't9' });
    const deferred = fold([[waiting('recipient_hours', 't12'), 't10']], retrying);
    expect(deferred).toMatchObject({ status: 'retry_scheduled', waitingFor: 'recipient_hours', nextAttemptAt: 't12', updatedAt: 't10' });
    const dialed = fold([[dialing, 't12']], deferred);
    expect(dialed).toMatchObject({ status: 'retry_scheduled', waitingFor: null, nextAttemptAt: null });
    expect(fold([[{ type: 'CallAttempted', data: { attempt: 2 } }, 't12']], deferred)).toMatchObject({ status: 'in_progress', waitingFor: null, nextAttemptAt: null });
  });

  it('lets a never-attempted call wait with an unknown end, and ignores notes about calls in flight or finished', () => {
    expect(fold([[waiting('frequency_cap', null), 't1']], pending)).toMatchObject({ waitingFor: 'frequency_cap', nextAttemptAt: null });
    const inFlight = fold([[{ type: 'CallAttempted', data: { attempt: 1 } }, 't1']], pending)!;
    expect(fold([[waiting('recipient_hours', 't5'), 't2']], inFlight)).toBe(inFlight);
    const cancelled = fold([[{ type: 'CallCancelled', data: { reason: 'x' } }, 't1']], pending)!;
    expect(fold([[waiting('recipient_hours', 't5'), 't2'], [dialing, 't3']], cancelled)).toBe(cancelled);
  });
});

describe('evolveCallRow', () => {
  it('creates a single call at CallScheduled and keeps a campaign call where its number put it', () => {
    const single = fold([[{ type: 'CallScheduled', data: { callId: 'call-1', campaignId: null, phoneNumber: '+1' } }, 't1']]);
    expect(single).toMatchObject({ campaignId: null, position: null, status: 'pending', createdAt: 't1' });
    const scheduled = fold([[{ type: 'CallScheduled', data: { callId: 'call-1', campaignId: 'c1', phoneNumber: '+14155550100' } }, 't1']], pending);
    expect(scheduled).toEqual({ ...pending, updatedAt: 't1' });
  });

  it('skips events of a call it never saw scheduled or added', () => {
    expect(fold([[{ type: 'CallAttempted', data: { attempt: 1 } }, 't1']])).toBeNull();
  });

  it('records each attempt with start, end, outcome and provider id; retries wait with their due time', () => {
    const row = fold(
      [
        [{ type: 'CallAttempted', data: { attempt: 1 } }, 't1'],
        [{ type: 'CallFailed', data: { attempt: 1, outcome: 'busy', providerCallId: 'p1', willRetry: true } }, 't2'],
        [{ type: 'CallRetryScheduled', data: { attempt: 2, dueAt: 't9' } }, 't2'],
      ],
      pending,
    );
    expect(row).toMatchObject({ status: 'retry_scheduled', lastOutcome: 'busy', nextAttemptAt: 't9' });
    const done = fold(
      [
        [{ type: 'CallAttempted', data: { attempt: 2 } }, 't3'],
        [{ type: 'CallCompleted', data: { attempt: 2, providerCallId: 'p2', durationMs: 1000 } }, 't4'],
      ],
      row,
    );
    expect(done).toMatchObject({ status: 'completed', lastOutcome: 'answered', nextAttemptAt: null, updatedAt: 't4' });
    expect(done!.attempts).toEqual([
      { attempt: 1, startedAt: 't1', endedAt: 't2', outcome: 'busy', providerCallId: 'p1' },
      { attempt: 2, startedAt: 't3', endedAt: 't4', outcome: 'answered', providerCallId: 'p2' },
    ]);
  });

  it('fails for good without a retry, and cancels a waiting retry', () => {
    const failed = fold(
      [
        [{ type: 'CallAttempted', data: { attempt: 1 } }, 't1'],
        [{ type: 'CallFailed', data: { attempt: 1, outcome: 'rejected', providerCallId: null, willRetry: false } }, 't2'],
      ],
      pending,
    );
    expect(failed).toMatchObject({ status: 'failed', lastOutcome: 'rejected' });
    const cancelled = fold(
      [
        [{ type: 'CallFailed', data: { attempt: 1, outcome: 'no_answer', providerCallId: null, willRetry: true } }, 't1'],
        [{ type: 'CallRetryScheduled', data: { attempt: 2, dueAt: 't9' } }, 't1'],
        [{ type: 'CallCancelled', data: { reason: 'campaign cancelled' } }, 't2'],
      ],
      pending,
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', nextAttemptAt: null, lastOutcome: 'no_answer' });
    expect(cancelled!.attempts).toEqual([{ attempt: 1, startedAt: 't1', endedAt: 't1', outcome: 'no_answer', providerCallId: null }]);
  });
});

describe('call status', () => {
  it('follows the call lifecycle; a campaign cancellation only cancels never-attempted calls', () => {
    expect(nextCallStatus('pending', { type: 'CallScheduled', data: { callId: 'x', campaignId: null, phoneNumber: '+1' } })).toBe('pending');
    expect(nextCallStatus('cancelled', { type: 'CallScheduled', data: { callId: 'x', campaignId: 'c', phoneNumber: '+1' } })).toBe('cancelled');
    expect(nextCallStatus('retry_scheduled', { type: 'CallAttempted', data: { attempt: 2 } })).toBe('in_progress');
    expect(nextCallStatus('retry_scheduled', { type: 'CallRetryScheduled', data: { attempt: 2, dueAt: 't' } })).toBe('retry_scheduled');
    expect(['pending', 'in_progress', 'retry_scheduled', 'completed'].map((s) => statusAfterCampaignCancelled(s as never))).toEqual([
      'cancelled',
      'in_progress',
      'retry_scheduled',
      'completed',
    ]);
  });
});
