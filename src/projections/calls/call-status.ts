import type { CallStatus } from '../../application/views.js';
import type { CallEvent } from '../../domain/call/call.events.js';

/**
 * A call's status after one of its events, shared by the calls and stats read models and time travel
 * so they can never disagree. `CallScheduled` changes nothing: a campaign call is pending from the
 * moment its number was added, and cancelled if its campaign was cancelled before it got a stream.
 */
export const nextCallStatus = (status: CallStatus, event: CallEvent): CallStatus => {
  switch (event.type) {
    case 'CallScheduled':
    case 'CallAnswered':
    case 'CallRetryScheduled':
      return status;
    case 'CallAttempted':
      return 'in_progress';
    case 'CallCompleted':
      return 'completed';
    case 'CallFailed':
      return event.data.willRetry ? 'retry_scheduled' : 'failed';
    case 'CallCancelled':
      return 'cancelled';
    case 'CallSkipped':
      return 'skipped';
    default: {
      const _unknown: never = event;
      return status;
    }
  }
};

/** What a campaign's cancellation does to one of its calls: never-attempted calls are cancelled with it. */
export const statusAfterCampaignCancelled = (status: CallStatus): CallStatus => (status === 'pending' ? 'cancelled' : status);

/** What removing its number does to a call: one waiting to be dialed is cancelled; one in flight or ended stays. */
export const statusAfterNumberRemoved = (status: CallStatus): CallStatus =>
  status === 'pending' || status === 'retry_scheduled' ? 'cancelled' : status;

/** The statuses `statusAfterNumberRemoved` cancels, for set-based updates. */
export const REMOVABLE_STATUSES: readonly CallStatus[] = ['pending', 'retry_scheduled'];
