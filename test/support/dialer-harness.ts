import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { DialerRunner } from '../../src/application/dialer/dialer-runner.js';
import { noDiscovery, noMetrics, unlimitedPacing, type DialerDiscovery, type DialerSettings } from '../../src/application/dialer/dialer.types.js';
import { InProcessCoordination } from '../../src/application/dialer/in-process-coordination.js';
import { handleCampaignCommand } from '../../src/application/command-handling/domain-handlers.js';
import { NumberGate } from '../../src/application/do-not-call/number-gate.js';
import { GlobalSlots } from '../../src/application/pacing/global-slots.js';
import type { FrequencyCap } from '../../src/domain/number/frequency-cap.js';
import { systemClock, type Clock } from '../../src/application/ports/clock.port.js';
import type { Coordination } from '../../src/application/ports/coordination.port.js';
import type { DialRateLimiter } from '../../src/application/ports/pacing.port.js';
import type { EventStore } from '../../src/application/ports/event-store.port.js';
import type { Telephony } from '../../src/application/ports/telephony.port.js';
import type { Schedule } from '../../src/domain/calendar/schedule.js';
import type { ComplianceMode, RecipientHours } from '../../src/domain/compliance/index.js';
import type { RetryPolicy } from '../../src/domain/campaign/campaign-config.js';
import { campaignStream } from '../../src/domain/campaign/campaign.events.js';
import { createPostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { createKnex } from '../../src/infrastructure/database/knex.factory.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const ALWAYS_OPEN: Schedule = {
  timezone: 'UTC',
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }],
  blackoutDates: [],
};

/**
 * Recipient hours of 00:00–24:00 without built-in rules: a campaign created through the API is
 * dialed at any hour, as the tests of the cap, retries and crashes need (the defaults follow the
 * recipient's legal hours, which depend on when the test runs).
 */
export const ANY_HOUR = { recipientHours: { start: '00:00', end: '24:00' }, complianceRules: 'none' } as const;

export const FAST_RETRIES: RetryPolicy = { maxRetries: 2, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 };

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const testContext = () => ({ correlationId: randomUUID(), causationId: randomUUID(), actor: 'test', now: new Date().toISOString() });

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export type TestStore = { db: TestDatabase; store: EventStore };

/** A fresh database and event store for the whole file, dropped after its last test. */
export const useTestStore = (): Readonly<TestStore> => {
  const fixture = {} as TestStore;
  beforeAll(async () => {
    fixture.db = await createTestDatabase();
    fixture.store = createPostgresEventStore({ knex: fixture.db.knex });
  });
  afterAll(async () => {
    await fixture.store?.close();
    await fixture.db?.drop();
  });
  return fixture;
};

export type CampaignSpec = Readonly<{
  phoneNumbers: readonly string[];
  maxConcurrentCalls: number;
  retryPolicy?: RetryPolicy;
  schedule?: Schedule;
  /** Recipient hours, rules and subject; absent: none, as before issue 9. */
  compliance?: Readonly<{ recipientHours: RecipientHours | null; complianceRules: ComplianceMode; subject?: string }>;
  /** Share of the global cap (1 by default). */
  weight?: number;
}>;

/** Creates (and by default starts) a campaign through the campaign decider, as the API would. */
export const createCampaign = async (store: EventStore, spec: CampaignSpec, start = true): Promise<string> => {
  const campaignId = randomUUID();
  const calls = spec.phoneNumbers.map((phoneNumber) => ({ callId: randomUUID(), phoneNumber }));
  const config = {
    name: `dialer test ${campaignId.slice(0, 8)}`,
    schedule: spec.schedule ?? ALWAYS_OPEN,
    maxConcurrentCalls: spec.maxConcurrentCalls,
    retryPolicy: spec.retryPolicy ?? FAST_RETRIES,
    // Dialed by the campaign's schedule only, as before issue 9; compliance tests set their own.
    recipientHours: spec.compliance?.recipientHours ?? null,
    complianceRules: spec.compliance?.complianceRules ?? 'none',
    subject: spec.compliance?.subject ?? campaignId,
    weight: spec.weight ?? 1,
  };
  await handleCampaignCommand(store, { type: 'CreateCampaign', campaignId, config, calls }, testContext());
  if (start) await handleCampaignCommand(store, { type: 'StartCampaign', campaignId }, testContext());
  return campaignId;
};

export const campaignCommand = (store: EventStore, command: Parameters<typeof handleCampaignCommand>[1]) =>
  handleCampaignCommand(store, command, testContext());

export const campaignStatus = async (store: EventStore, campaignId: string): Promise<string> => {
  const events = await store.readStream(campaignStream(campaignId));
  const last = events.map((e) => e.type).filter((t) => t !== 'CampaignUpdated' && t !== 'CampaignNumbersAdded').at(-1);
  return { CampaignCompleted: 'completed', CampaignFailed: 'failed', CampaignCancelled: 'cancelled', CampaignPaused: 'paused', CampaignStarted: 'in_progress', CampaignResumed: 'in_progress' }[last ?? ''] ?? 'pending';
};

export const waitFor = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000, everyMs = 25): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
};

export type RunnerSpec = Readonly<{
  databaseUrl: string;
  telephony: (store: EventStore) => Telephony;
  coordination?: Coordination;
  clock?: Clock;
  discovery?: DialerDiscovery;
  settings?: Partial<DialerSettings>;
  /** The calls-per-second budget; unlimited by default. */
  pacing?: DialRateLimiter;
  /** The org default frequency cap (FREQUENCY_CAP). */
  frequencyCap?: FrequencyCap;
  /** MAX_CONCURRENT_CALLS: a global slot ledger over every runner of the store; absent: none. */
  globalCap?: number;
  /** Sees (or decorates) the worker's own store, e.g. to record which streams it touches. */
  wrapStore?: (store: EventStore) => EventStore;
  /** Events per segment of the global slot ledger (default 10,000). */
  globalSegmentEvents?: number;
  logger?: TestLogger;
  poolSize?: number;
}>;

export type TestLogger = LoggerService & { messages: string[] };

/** Keeps what the dialer logs, for failure messages; DIALER_TEST_LOG=1 prints it as it comes. */
export const quietLogger = (): TestLogger => {
  const messages: string[] = [];
  const print = process.env.DIALER_TEST_LOG === '1';
  const say = (level: string) => (message: unknown) => {
    messages.push(`${level}: ${String(message)}`);
    if (print) console.log(`[dialer ${level}] ${String(message)}`);
  };
  return { log: say('log'), warn: say('warn'), error: say('error'), debug: say('debug'), messages };
};

export type TestRunner = Readonly<{ runner: DialerRunner; store: EventStore; telephony: Telephony; logger: TestLogger; close(): Promise<void> }>;

/**
 * A dialer with its own pool and event store, as a separate worker would have. Callers close it
 * (runner, telephony, store, pool).
 */
export const startRunner = async (spec: RunnerSpec): Promise<TestRunner> => {
  const knex = createKnex(spec.databaseUrl, { pool: { max: spec.poolSize ?? 6 } });
  const own = createPostgresEventStore({ knex });
  const store = spec.wrapStore ? spec.wrapStore(own) : own;
  const telephony = spec.telephony(store);
  const coordination = spec.coordination ?? new InProcessCoordination();
  const logger = spec.logger ?? quietLogger();
  const owner = spec.settings?.owner ?? `test-${randomUUID().slice(0, 8)}`;
  const clock = spec.clock ?? systemClock;
  const runner = new DialerRunner(
    {
      store,
      numbers: new NumberGate(store, spec.frequencyCap ?? null),
      telephony,
      pacing: spec.pacing ?? unlimitedPacing,
      ...(spec.globalCap === undefined ? {} : { globalSlots: new GlobalSlots(store, spec.globalCap, { owner, clock }, spec.globalSegmentEvents) }),
      coordination,
      clock,
      discovery: spec.discovery ?? noDiscovery,
      metrics: noMetrics,
      logger,
    },
    {
      defaultMaxConcurrentCalls: 10,
      callTimeoutMs: 2_000,
      callMaxDurationMs: 60_000,
      callbackUrl: () => 'http://127.0.0.1:9/unused',
      leaseTtlMs: 10_000,
      discoveryIntervalMs: 500,
      dialConcurrency: 32,
      dialerSegmentEvents: 10_000,
      recipientMarginMs: 60_000,
      ...spec.settings,
      owner,
    },
  );
  await runner.start();
  return {
    runner,
    store,
    telephony,
    logger,
    close: async () => {
      await runner.stop();
      await (telephony as { close?: () => Promise<void> }).close?.();
      await coordination.close();
      await store.close();
      await knex.destroy();
    },
  };
};
