import { randomUUID } from 'node:crypto';
import type { CallEvent } from '../../../src/domain/call/call.events.js';
import type { RetryPolicy } from '../../../src/domain/campaign/campaign-config.js';

export const policy: RetryPolicy = { maxRetries: 2, initialDelayMs: 60_000, backoffMultiplier: 2, maxDelayMs: 3_600_000 };
export const T0 = '2026-11-24T14:00:00.000Z';

/** A fresh call id and its history at each status. */
export const callHistory = () => {
  const callId = randomUUID();
  const campaignId = randomUUID();
  const phoneNumber = '+14155550123';
  const scheduled: CallEvent = { type: 'CallScheduled', data: { callId, campaignId, phoneNumber } };
  const attempted = (attempt: number): CallEvent => ({ type: 'CallAttempted', data: { attempt } });
  const failedBusy = (attempt: number, willRetry: boolean): CallEvent => ({
    type: 'CallFailed',
    data: { attempt, outcome: 'busy', providerCallId: `p-${attempt}`, willRetry },
  });
  const retryAt = (attempt: number, dueAt: string): CallEvent => ({ type: 'CallRetryScheduled', data: { attempt, dueAt } });
  const dueAt = '2026-11-24T14:01:00.000Z';
  const at = {
    pending: [scheduled],
    inProgress: [scheduled, attempted(1)],
    retryScheduled: [scheduled, attempted(1), failedBusy(1, true), retryAt(2, dueAt)],
    secondAttempt: [scheduled, attempted(1), failedBusy(1, true), retryAt(2, dueAt), attempted(2)],
    completed: [
      scheduled,
      attempted(1),
      { type: 'CallCompleted', data: { attempt: 1, providerCallId: 'p-1', durationMs: 4_000 } },
    ] as CallEvent[],
    failed: [scheduled, attempted(1), { type: 'CallFailed', data: { attempt: 1, outcome: 'rejected', providerCallId: null, willRetry: false } }] as CallEvent[],
    cancelled: [scheduled, { type: 'CallCancelled', data: { reason: 'campaign cancelled' } }] as CallEvent[],
    skipped: [scheduled, { type: 'CallSkipped', data: { attempt: 1, reason: 'dnc' } }] as CallEvent[],
  };
  return { callId, campaignId, phoneNumber, dueAt, at };
};
