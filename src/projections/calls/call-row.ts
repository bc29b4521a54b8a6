import type { AttemptView, CallView } from '../../application/views.js';
import type { CallEvent, CallOutcome } from '../../domain/call/call.events.js';
import type { Fact } from '../shared/domain-events.js';
import { nextCallStatus } from './call-status.js';

/** A calls row as the fold sees it. `position`: order of adding within the campaign, null outside one. */
export type CallRow = CallView & { position: number | null };

const withAttempt = (attempts: readonly AttemptView[], attempt: number, change: (a: AttemptView) => AttemptView, at: string) => {
  const found = attempts.some((a) => a.attempt === attempt);
  const base = found ? attempts : [...attempts, { attempt, startedAt: at, endedAt: null, outcome: null, providerCallId: null }];
  return base.map((a) => (a.attempt === attempt ? change(a) : a)).sort((a, b) => a.attempt - b.attempt);
};

const ended = (at: string, outcome: CallOutcome, providerCallId: string | null) => (a: AttemptView): AttemptView => ({
  ...a,
  endedAt: at,
  outcome,
  providerCallId,
});

/** Pure fold of one call event into its row; null row and not `CallScheduled`: the event is skipped. */
export function evolveCallRow(row: CallRow | null, { id, event, at }: Fact<CallEvent>): CallRow | null {
  if (event.type === 'CallScheduled') {
    if (row) return { ...row, updatedAt: at };
    const { campaignId, phoneNumber } = event.data;
    return {
      id,
      campaignId,
      position: null,
      phoneNumber,
      status: 'pending',
      lastOutcome: null,
      attempts: [],
      nextAttemptAt: null,
      contact: null,
      createdAt: at,
      updatedAt: at,
    };
  }
  if (!row) return null;
  const next = { ...row, status: nextCallStatus(row.status, event), updatedAt: at };
  switch (event.type) {
    case 'CallAttempted': {
      const start = (a: AttemptView): AttemptView => ({ ...a, startedAt: at, endedAt: null, outcome: null, providerCallId: null });
      return { ...next, attempts: withAttempt(row.attempts, event.data.attempt, start, at), nextAttemptAt: null };
    }
    case 'CallCompleted': {
      const attempts = withAttempt(row.attempts, event.data.attempt, ended(at, 'answered', event.data.providerCallId), at);
      return { ...next, attempts, lastOutcome: 'answered', nextAttemptAt: null };
    }
    case 'CallFailed': {
      const { attempt, outcome, providerCallId } = event.data;
      return { ...next, attempts: withAttempt(row.attempts, attempt, ended(at, outcome, providerCallId), at), lastOutcome: outcome };
    }
    case 'CallAnswered':
      return next;
    case 'CallRetryScheduled':
      return row.status === 'retry_scheduled' ? { ...next, nextAttemptAt: event.data.dueAt } : next;
    case 'CallCancelled':
    case 'CallSkipped':
      return { ...next, nextAttemptAt: null };
    default: {
      const _unknown: never = event;
      return row;
    }
  }
}

export const toCallView = ({ position: _position, ...view }: CallRow): CallView => view;
