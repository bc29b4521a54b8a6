import type { CallOutcome, SkipReason } from '../domain/call/call.events.js';
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

/** Why a call that may still be dialed is not being dialed now (DESIGN §3). */
export const WAITING_REASONS = ['campaign_hours', 'recipient_hours', 'frequency_cap', 'global_cap', 'rate_limit', 'retry_delay'] as const;
export type WaitingReason = (typeof WAITING_REASONS)[number];
export type WaitingCounts = Record<WaitingReason, number>;

export type CampaignView = CampaignConfig & {
  id: string;
  status: CampaignStatus;
  stats: CampaignStats;
  /** Set while an in_progress campaign waits for its calling window to open. */
  nextWindowOpensAt: string | null;
  /**
   * Calls neither finished nor in flight, by what they wait for; null when not known (a view as of an
   * earlier instant). Calls with nothing recorded count as `campaign_hours` while the window is closed.
   */
  waiting: WaitingCounts | null;
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
  /** Set when `status` is `skipped`. */
  skipReason: SkipReason | null;
  lastOutcome: CallOutcome | null;
  attempts: AttemptView[];
  nextAttemptAt: string | null;
  /** What the call waits for until `nextAttemptAt` (null: unknown, e.g. no zone); null when it is not waiting. */
  waitingFor: WaitingReason | null;
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
