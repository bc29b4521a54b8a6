import type { Schedule } from '../calendar/schedule.js';
import type { RetryPolicy } from '../campaign/campaign-config.js';
import type { CampaignStatus } from '../campaign/campaign.state.js';
import type { Instant } from '../shared/event.js';
import { emptyDialQueue, type DialQueue } from './dial-queue.js';
import type { RecipientPolicy } from './recipient-gate.js';
import { emptyWaiting, type WaitingCalls } from './waiting-calls.js';

/**
 * What the dialer needs of a campaign's config; `schedule` null = always open (single calls).
 * `recipientHours` null with `complianceRules: 'none'`: no recipient gate (single calls, campaigns
 * created before it existed). `subject`: what frequency caps count attempts by.
 */
export type DialerConfig = Readonly<{ schedule: Schedule | null; maxConcurrentCalls: number; retryPolicy: RetryPolicy; subject: string; weight?: number } & RecipientPolicy>;

/** A campaign's share of the global cap by weight (1 unless set; single calls: 1). */
export const weightOf = (config: DialerConfig | null): number => config?.weight ?? 1;

/** A slot taken: `DialStarted` without its `DialEnded`. */
export type InFlightDial = Readonly<{
  callId: string;
  attempt: number;
  phoneNumber: string;
  /** Position in the queue: ties between retries due at the same instant go by call order. */
  order: number;
  /** The due date this attempt was started for, restored if the dial is abandoned. */
  retryDueAt: Instant | null;
}>;

export type { PendingRetry } from './waiting-calls.js';

/**
 * Folded from `campaign-<id>` and `dialer-<id>` alone: enough to decide the next dials without
 * reading any call stream. Calls before `cursor` have been dialed at least once, except the
 * positions in `requeued` (first attempts abandoned), which are never-attempted again.
 */
export type DialerState = Readonly<{
  campaignId: string;
  status: 'initial' | CampaignStatus;
  config: DialerConfig | null;
  queue: DialQueue;
  cursor: number;
  /** Ascending queue positions. */
  requeued: readonly number[];
  inFlight: ReadonlyMap<string, InFlightDial>;
  /** Calls waiting without a slot (retries, recipient hours, frequency caps), indexed by when they fall due. */
  retries: WaitingCalls;
  /** Calls that ended for good, by how. */
  completed: number;
  failed: number;
  skipped: number;
  /** Removed numbers (DELETE …/numbers/:phoneNumber) and cancelled retries: never dialed again. */
  cancelled: number;
  /** Calls whose number was removed from the campaign. */
  removed: ReadonlySet<string>;
  owner: string | null;
  /**
   * The latest instant a call that found no calls-per-second token waits until. Until then no fresh
   * number is started: the waiting calls are owed the next tokens, and new dials would only contend
   * with them (each contender that loses gives its slot back, two events more). Not carried over a
   * segment or a takeover: at worst one burst of contention.
   */
  pacedUntil: Instant | null;
}>;

export const initialDialerState = (campaignId: string): DialerState => ({
  campaignId,
  status: 'initial',
  config: null,
  queue: emptyDialQueue(),
  cursor: 0,
  requeued: [],
  inFlight: new Map(),
  retries: emptyWaiting(),
  completed: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  removed: new Set(),
  owner: null,
  pacedUntil: null,
});

/**
 * Single calls: always open, always running, under the service-wide default cap and retry policy.
 * A single call is one the caller asked for now: the do-not-call list and frequency caps (subject
 * `single`) apply, recipient hours do not.
 */
export const initialSingleCallsState = (
  campaignId: string,
  config: Pick<DialerConfig, 'maxConcurrentCalls' | 'retryPolicy'>,
): DialerState => ({
  ...initialDialerState(campaignId),
  status: 'in_progress',
  config: { ...config, schedule: null, subject: 'single', recipientHours: null, complianceRules: 'none' },
});

/** Calls that ended for good, whichever way. */
export const settledCount = (state: DialerState): number => state.completed + state.failed + state.skipped + state.cancelled;

export const neverAttemptedCount = (state: DialerState): number =>
  state.requeued.length + Math.max(0, state.queue.length - state.cursor);
