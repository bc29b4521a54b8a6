import type { CallOutcome } from '../domain/call/call.events.js';
import type { CallStatus } from '../domain/call/call.state.js';
import type { CampaignStatus as DomainCampaignStatus } from '../domain/campaign/campaign.state.js';
import type { CampaignConfig } from '../domain/campaign/campaign-config.js';
import type { DncSource } from '../domain/number/number.events.js';
import type { Contact } from '../domain/phone/number-entry.js';

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
  /** Never to be dialed: do-not-call or opted out. */
  skipped: number;
  retriesAttempted: number;
  attempts: number;
};

/** The config fields the campaign view shows. */
export type CampaignViewConfig = Pick<CampaignConfig, 'name' | 'schedule' | 'maxConcurrentCalls' | 'retryPolicy'>;

export type CampaignView = CampaignViewConfig & {
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
  /** What the client said about the person behind the number; null when nothing. */
  contact: Contact | null;
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

/** A do-not-call entry in force: its expiry has not passed and it was not removed. */
export type DoNotCallEntryView = {
  phoneNumber: string;
  reason: string;
  source: DncSource;
  /** Null: for good. */
  expiresAt: string | null;
  /** The call during which the person opted out (source `opt_out`). */
  callId: string | null;
  /** When the entry in force began (an extension keeps it). */
  listedAt: string;
  /** Who made the latest change. */
  listedBy: string;
  updatedAt: string;
};

/** One change to a number's entry, oldest first. */
export type DoNotCallChangeView = {
  action: 'added' | 'removed';
  reason: string | null;
  source: DncSource | null;
  expiresAt: string | null;
  callId: string | null;
  actor: string;
  at: string;
};

export type DoNotCallEntryWithHistoryView = DoNotCallEntryView & { history: DoNotCallChangeView[] };
