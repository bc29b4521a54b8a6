import type { LoggerService } from '@nestjs/common';
import type { QueuedCall } from '../../domain/dialer/dial-queue.js';
import type { NumberGate } from '../do-not-call/number-gate.js';
import type { GlobalSlots } from '../pacing/global-slots.js';
import type { Clock } from '../ports/clock.port.js';
import type { DialRateLimiter } from '../ports/pacing.port.js';
import type { Coordination } from '../ports/coordination.port.js';
import type { EventStore } from '../ports/event-store.port.js';
import type { Telephony } from '../ports/telephony.port.js';

/** Where a starting (or idle) worker learns which campaigns may need a dialer; the decisions come from the streams. */
export interface DialerDiscovery {
  /** Campaigns in progress or paused, and cancelled ones with calls still in flight or awaiting a retry. */
  campaignsToDial(): Promise<string[]>;
  /** Single calls (no campaign) not dialed yet. */
  pendingSingleCalls(): Promise<QueuedCall[]>;
}

export const noDiscovery: DialerDiscovery = {
  campaignsToDial: async () => [],
  pendingSingleCalls: async () => [],
};

export interface DialerMetrics {
  dialsStarted(count: number): void;
  inFlight(campaignId: string, count: number): void;
  /** From the outcome that freed a slot being seen to the next `DialStarted` appended. */
  slotRefilled(latencyMs: number): void;
  campaignReleased(campaignId: string): void;
  /** The global slot ledger as this worker sees it: grants open, and the cap. */
  globalSlots(inFlight: number, cap: number): void;
  /** A dial the ledger turned away (no room by the share rule): its slot was given back. */
  globalSlotDenied(): void;
}

/** No calls-per-second budget: every token is granted. */
export const unlimitedPacing: DialRateLimiter = { budget: null, tryAcquire: async () => ({ ok: true }), slowDown: async () => undefined };

export const noMetrics: DialerMetrics = {
  dialsStarted: () => undefined,
  inFlight: () => undefined,
  slotRefilled: () => undefined,
  campaignReleased: () => undefined,
  globalSlots: () => undefined,
  globalSlotDenied: () => undefined,
};

export type DialerSettings = Readonly<{
  /** Unique per process: written to `DialerLeaseAcquired` and held in the leases. */
  owner: string;
  /** Cap of the single-calls pseudo-campaign (DEFAULT_MAX_CONCURRENT_CALLS). */
  defaultMaxConcurrentCalls: number;
  /** CALL_TIMEOUT_MS: an attempt neither answered nor ended after this ends `timeout`. */
  callTimeoutMs: number;
  /** CALL_MAX_DURATION_MS: an answered attempt still running after this is ended as answered, never retried. */
  callMaxDurationMs: number;
  callbackUrl: () => string;
  leaseTtlMs: number;
  /** How often leases of campaigns nobody seems to hold are tried again (failover). */
  discoveryIntervalMs: number;
  /** Call-stream writes and provider requests in flight at once, over all campaigns. */
  dialConcurrency: number;
  /** Events per segment of the single calls' dialer stream: what a takeover reads at most, plus the carried state. */
  dialerSegmentEvents: number;
  /** RECIPIENT_HOURS_MARGIN_MS: no dial starts this close to the end of a recipient's window. */
  recipientMarginMs: number;
}>;

export type DialerDependencies = Readonly<{
  store: EventStore;
  /** Every dial is claimed on its number's stream first: the do-not-call list and frequency caps. */
  numbers: NumberGate;
  telephony: Telephony;
  /** The calls-per-second budget shared by every instance (MAX_CALLS_PER_SECOND, TWILIO_MAX_CPS). */
  pacing: DialRateLimiter;
  /** The global slot ledger (MAX_CONCURRENT_CALLS); absent: no global cap, and no ledger I/O at all. */
  globalSlots?: GlobalSlots;
  coordination: Coordination;
  clock: Clock;
  discovery: DialerDiscovery;
  metrics: DialerMetrics;
  logger: LoggerService;
}>;

export const DIALER_DEFAULTS = { dialConcurrency: 256, dialerSegmentEvents: 10_000, recipientMarginMs: 60_000 } as const;
