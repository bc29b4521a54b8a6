import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../src/application/ports/event-store.port.js';
import type { Schedule } from '../../src/domain/calendar/schedule.js';
import { currentSchemaVersion } from '../../src/application/events/upcasters.js';

/**
 * Writes a campaign's history by hand, event by event, into a real store — what the dialer would
 * have written, or (in the forged-violation tests) what it must never write. Instants are explicit.
 */
export const ALWAYS: Schedule = {
  timezone: 'UTC',
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }],
  blackoutDates: [],
};

/** Wed 2 Dec 2026, 15:00 UTC (10:00 in New York). */
export const T0 = Date.parse('2026-12-02T15:00:00.000Z');
export const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();
export const MIN = 60_000;

export async function append(store: EventStore, stream: string, type: string, data: Record<string, unknown>, recordedAt: string, schemaVersion = currentSchemaVersion(type)): Promise<void> {
  const metadata = { correlationId: 'forged', causationId: 'forged', actor: 'test', recordedAt, schemaVersion };
  await store.appendToStream(stream, [{ id: randomUUID(), type, data, metadata }], { expectedVersion: 'any' });
}

export type ForgedCampaignSpec = Readonly<{
  numbers: readonly string[];
  cap?: number;
  schedule?: Schedule;
  recipientHours?: { start: string; end: string } | null;
  complianceRules?: 'builtin' | 'none';
  subject?: string;
}>;

export async function forgedCampaign(store: EventStore, spec: ForgedCampaignSpec) {
  const id = randomUUID();
  const calls = spec.numbers.map((phoneNumber) => ({ callId: randomUUID(), phoneNumber }));
  const campaign = `campaign-${id}`;
  const dialer = `dialer-${id}`;
  const call = (i: number) => calls[i]!;
  const opened = new Set<number>();
  // Without any compliance field the campaign is written as before they existed (CampaignCreated v2).
  const modern = spec.recipientHours !== undefined || spec.complianceRules !== undefined || spec.subject !== undefined;
  const config = {
    name: 'forged',
    schedule: spec.schedule ?? ALWAYS,
    maxConcurrentCalls: spec.cap ?? 2,
    retryPolicy: { maxRetries: 2, initialDelayMs: MIN, backoffMultiplier: 1, maxDelayMs: MIN },
    ...(modern
      ? { recipientHours: spec.recipientHours ?? null, complianceRules: spec.complianceRules ?? 'none', subject: spec.subject ?? id, weight: 1 }
      : {}),
  };
  const self = {
    id,
    calls,
    async create(when = at(-MIN)) {
      await append(store, campaign, 'CampaignCreated', { campaignId: id, ...config }, when, modern ? currentSchemaVersion('CampaignCreated') : 2);
      await append(store, campaign, 'CampaignNumbersAdded', { calls }, when);
      await append(store, campaign, 'CampaignStarted', {}, when);
      return self;
    },
    /** The dialer decides (DialStarted), then the attempt is recorded on the call stream. */
    async decide(i: number, attempt: number, when: string) {
      const { callId, phoneNumber } = call(i);
      await append(store, dialer, 'DialStarted', { callId, attempt, phoneNumber }, when);
    },
    async attempt(i: number, attempt: number, when: string) {
      const { callId, phoneNumber } = call(i);
      if (!opened.has(i)) await append(store, `call-${callId}`, 'CallScheduled', { callId, campaignId: id, phoneNumber }, when);
      opened.add(i);
      await append(store, `call-${callId}`, 'CallAttempted', { attempt }, when);
    },
    async dial(i: number, attempt: number, when: string) {
      await self.decide(i, attempt, when);
      await self.attempt(i, attempt, when);
    },
    /** The dial claims the number on its stream (do-not-call list and frequency caps). */
    async claim(i: number, attempt: number, when: string, subject = spec.subject ?? id) {
      const { callId, phoneNumber } = call(i);
      await append(store, `number-${phoneNumber}`, 'NumberDialClaimed', { phoneNumber, campaignId: id, callId, attempt, subject, at: when }, when);
    },
    async answer(i: number, attempt: number, when: string) {
      await append(store, `call-${call(i).callId}`, 'CallAnswered', { attempt, providerCallId: null }, when);
    },
    async complete(i: number, attempt: number, when: string) {
      const { callId } = call(i);
      await append(store, `call-${callId}`, 'CallCompleted', { attempt, providerCallId: null, durationMs: 1000 }, when);
      await append(store, dialer, 'DialEnded', { callId, attempt, outcome: 'answered', retryDueAt: null, terminal: true }, when);
    },
    /** A busy line; retried at `retryAt` when given, else the call fails for good. */
    async fail(i: number, attempt: number, when: string, retryAt: string | null) {
      const { callId } = call(i);
      await append(store, `call-${callId}`, 'CallFailed', { attempt, outcome: 'busy', providerCallId: null, willRetry: retryAt !== null }, when);
      if (retryAt !== null) await append(store, `call-${callId}`, 'CallRetryScheduled', { attempt: attempt + 1, dueAt: retryAt }, when);
      await append(store, dialer, 'DialEnded', { callId, attempt, outcome: 'busy', retryDueAt: retryAt, terminal: retryAt === null }, when);
    },
    async completeCampaign(completed: number, failed: number, when: string) {
      await append(store, campaign, 'CampaignCompleted', { completed, failed }, when);
    },
  };
  return self;
}
