import type { CallEvent } from './call.events.js';
import type { CallState } from './call.state.js';

export const initialState = (): CallState => ({ status: 'initial' });

export const evolve = (state: CallState, event: CallEvent): CallState => {
  if (event.type === 'CallScheduled') {
    return { status: 'pending', ...event.data, attempt: 0, lastOutcome: null, answered: false };
  }
  if (state.status === 'initial') return state;
  const { callId, campaignId, phoneNumber, attempt, lastOutcome, answered } = state;
  const core = { callId, campaignId, phoneNumber, attempt, lastOutcome, answered };
  switch (event.type) {
    case 'CallAttempted':
      return { ...core, status: 'in_progress', attempt: event.data.attempt, answered: false };
    case 'CallAnswered':
      return state.status === 'in_progress' && event.data.attempt === attempt ? { ...state, answered: true } : state;
    case 'CallCompleted':
      return { ...core, status: 'completed', lastOutcome: 'answered' };
    case 'CallFailed': {
      const { outcome } = event.data;
      return event.data.willRetry
        ? { ...core, status: 'retry_scheduled', lastOutcome: outcome, nextAttemptDueAt: null }
        : { ...core, status: 'failed', lastOutcome: outcome };
    }
    case 'CallRetryScheduled':
      return state.status === 'retry_scheduled' ? { ...state, nextAttemptDueAt: event.data.dueAt } : state;
    case 'CallCancelled':
      return { ...core, status: 'cancelled' };
    case 'CallSkipped':
      return { ...core, status: 'skipped', skipReason: event.data.reason };
    default: {
      // An event type from a newer writer: a tolerant reader skips it instead of stopping the fold.
      const _unknown: never = event;
      return state;
    }
  }
};
