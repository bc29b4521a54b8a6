import type { AttemptView, CallStatus, WaitingReason } from '../../application/views.js';
import type { CallOutcome, SkipReason } from '../../domain/call/call.events.js';
import type { Contact } from '../../domain/phone/number-entry.js';
import type { CallRow } from './call-row.js';

export const CALLS = 'calls';

/** A calls row as pg returns it. */
export type CallRecord = {
  id: string;
  campaign_id: string | null;
  position: number | null;
  phone_number: string;
  status: CallStatus;
  skip_reason: SkipReason | null;
  waiting_for: WaitingReason | null;
  last_outcome: CallOutcome | null;
  attempts: AttemptView[];
  next_attempt_at: Date | null;
  contact: Contact | null;
  created_at: Date;
  updated_at: Date;
};

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export const fromCallRecord = (r: CallRecord): CallRow => ({
  id: r.id,
  campaignId: r.campaign_id,
  position: r.position,
  phoneNumber: r.phone_number,
  status: r.status,
  skipReason: r.skip_reason,
  lastOutcome: r.last_outcome,
  attempts: r.attempts,
  nextAttemptAt: iso(r.next_attempt_at),
  waitingFor: r.waiting_for,
  contact: r.contact,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export const toCallRecord = (row: CallRow) => ({
  id: row.id,
  campaign_id: row.campaignId,
  position: row.position,
  phone_number: row.phoneNumber,
  status: row.status,
  skip_reason: row.skipReason,
  waiting_for: row.waitingFor,
  last_outcome: row.lastOutcome,
  attempts: JSON.stringify(row.attempts),
  next_attempt_at: row.nextAttemptAt,
  contact: row.contact && JSON.stringify(row.contact),
  created_at: row.createdAt,
  updated_at: row.updatedAt,
});
