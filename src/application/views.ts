import type { CallOutcome } from '../domain/call/call.events.js';
import type { CallStatus } from '../domain/call/call.state.js';
import type { CampaignStatus as DomainCampaignStatus } from '../domain/campaign/campaign.state.js';
import type { CampaignConfig } from '../domain/campaign/campaign-config.js';

/** What queries answer: the HTTP API serialises these as they are. Instants are ISO strings. */

/** A deleted campaign has no view. */
export type CampaignStatus = Exclude<DomainCampaignStatus, 'deleted'>;
export type { CallStatus };

export type CampaignStats = {
  total: number;
  pending: number;
  inProgress: number;
  completed: number;
  failed: number;
  cancelled: number;
  retriesAttempted: number;
  attempts: number;
};

export type CampaignView = CampaignConfig & {
  id: string;
  status: CampaignStatus;
  stats: CampaignStats;
  /** Set while an in_progress campaign waits for its calling window to open. */
  nextWindowOpensAt: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** Stream version of the campaign: the ETag. */
  version: number;
};

export type AttemptView = {
  attempt: number;
  startedAt: string;
  endedAt: string | null;
  outcome: CallOutcome | null;
  providerCallId: string | null;
};

export type CallView = {
  id: string;
  campaignId: string | null;
  phoneNumber: string;
  status: CallStatus;
  lastOutcome: CallOutcome | null;
  attempts: AttemptView[];
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AuditEventView = {
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  streamVersion: number;
  /** Log order across streams: `<commit>/<prepare>`. */
  globalPosition: string;
  recordedAt: string;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;
