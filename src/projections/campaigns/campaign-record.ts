import type { CampaignStatus } from '../../application/views.js';
import type { Schedule } from '../../domain/calendar/schedule.js';
import type { ComplianceMode, RecipientHours, RetryPolicy } from '../../domain/campaign/campaign-config.js';
import type { CampaignRow } from './campaign-row.js';

export const CAMPAIGNS = 'campaigns';

/** A campaigns row as pg returns it. */
export type CampaignRecord = {
  id: string;
  name: string;
  schedule: Schedule;
  max_concurrent_calls: number;
  retry_policy: RetryPolicy;
  recipient_hours: RecipientHours | null;
  compliance_rules: ComplianceMode;
  subject: string;
  weight: number;
  status: CampaignStatus;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  version: number;
  /** The campaign waits for the global cap (GlobalDemandChanged); written by the ledger's events only. */
  waiting_global?: boolean;
};

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export const fromCampaignRecord = (r: CampaignRecord): CampaignRow => ({
  id: r.id,
  name: r.name,
  status: r.status,
  schedule: r.schedule,
  maxConcurrentCalls: r.max_concurrent_calls,
  retryPolicy: r.retry_policy,
  recipientHours: r.recipient_hours,
  complianceRules: r.compliance_rules,
  subject: r.subject,
  weight: r.weight,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  startedAt: iso(r.started_at),
  endedAt: iso(r.ended_at),
  version: r.version,
});

export const toCampaignRecord = (row: CampaignRow) => ({
  id: row.id,
  name: row.name,
  schedule: JSON.stringify(row.schedule),
  max_concurrent_calls: row.maxConcurrentCalls,
  retry_policy: JSON.stringify(row.retryPolicy),
  recipient_hours: row.recipientHours && JSON.stringify(row.recipientHours),
  compliance_rules: row.complianceRules,
  subject: row.subject,
  weight: row.weight,
  status: row.status,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
  started_at: row.startedAt,
  ended_at: row.endedAt,
  version: row.version,
});
