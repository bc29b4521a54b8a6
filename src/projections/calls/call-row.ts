import type { AttemptView, CallView } from '../../application/views.js';
import type { CallOutcome } from '../../domain/call/call.events.js';
import type { Fact } from '../shared/domain-events.js';
import { nextCallStatus } from './call-status.js';
import type { CallRowEvent, DialerNote } from './dialer-notes.js';

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

/** Only a call that may still be dialed and is not in flight waits; a late note about another changes nothing. */
const isWaitable = (row: CallRow): boolean => row.status === 'pending' || row.status === 'retry_scheduled';

const noted = (row: CallRow, event: DialerNote, at: string): CallRow => {
  if (event.type === 'DialerDialing') {
    return row.waitingFor === null ? row : { ...row, waitingFor: null, nextAttemptAt: null, updatedAt: at };
  }
  if (!isWaitable(row)) return row;
  return { ...row, waitingFor: event.data.waitingFor, nextAttemptAt: event.data.until, updatedAt: at };
};

const notWaiting = { waitingFor: null, nextAttemptAt: null } as const;

/** Pure fold of one call event (or dialer note) into its row; null row and not `CallScheduled`: the event is skipped. */
export function evolveCallRow(row: CallRow | null, { id, event, at }: Fact<CallRowEvent>): CallRow | null {
  if (event.type === 'CallScheduled') {
    if (row) return { ...row, updatedAt: at };
    const { campaignId, phoneNumber } = event.data;
    return {
      id,
      campaignId,
      position: null,
      phoneNumber,
      status: 'pending',
      skipReason: null,
      lastOutcome: null,
      attempts: [],
      nextAttemptAt: null,
      waitingFor: null,
      contact: null,
      createdAt: at,
      updatedAt: at,
    };
  }
  if (!row) return null;
  if (event.type === 'DialerWaiting' || event.type === 'DialerDialing') return noted(row, event, at);
  const next = { ...row, status: nextCallStatus(row.status, event), updatedAt: at };
  switch (event.type) {
    case 'CallAttempted': {
      const start = (a: AttemptView): AttemptView => ({ ...a, startedAt: at, endedAt: null, outcome: null, providerCallId: null });
      return { ...next, attempts: withAttempt(row.attempts, event.data.attempt, start, at), ...notWaiting };
    }
    case 'CallCompleted': {
      const attempts = withAttempt(row.attempts, event.data.attempt, ended(at, 'answered', event.data.providerCallId), at);
      return { ...next, attempts, lastOutcome: 'answered', ...notWaiting };
    }
    case 'CallFailed': {
      const { attempt, outcome, providerCallId } = event.data;
      const attempts = withAttempt(row.attempts, attempt, ended(at, outcome, providerCallId), at);
      return { ...next, attempts, lastOutcome: outcome, ...notWaiting };
    }
    case 'CallAnswered':
      return next;
    case 'CallRetryScheduled':
      return row.status === 'retry_scheduled' ? { ...next, nextAttemptAt: event.data.dueAt, waitingFor: 'retry_delay' } : next;
    case 'CallCancelled':
      return { ...next, ...notWaiting };
    case 'CallSkipped':
      return { ...next, skipReason: event.data.reason, ...notWaiting };
    default: {
      const _unknown: never = event;
      return row;
    }
  }
}

export const toCallView = ({ position: _position, ...view }: CallRow): CallView => view;
