import { randomUUID } from 'node:crypto';
import { currentSchemaVersion } from '../../../../src/application/events/upcasters.js';
import type { AppendResult, EventStore } from '../../../../src/application/ports/event-store.port.js';
import type { CallEvent, FailureOutcome } from '../../../../src/domain/call/call.events.js';
import type { CampaignConfig } from '../../../../src/domain/campaign/campaign-config.js';
import type { CampaignEvent } from '../../../../src/domain/campaign/campaign.events.js';
import { validConfig } from '../../../support/campaign-config.fixtures.js';

/** Business time for scripted events: every event one second after the previous, unless told. */
export class ScriptClock {
  private at: number;
  constructor(start = '2026-11-24T14:00:00.000Z') {
    this.at = Date.parse(start);
  }
  next(stepMs = 1_000): string {
    this.at += stepMs;
    return new Date(this.at).toISOString();
  }
  peek(): string {
    return new Date(this.at).toISOString();
  }
}

const metadata = (type: string, recordedAt: string) => ({
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: 'projection-test',
  recordedAt,
  schemaVersion: currentSchemaVersion(type),
});

export const append = (
  store: EventStore,
  stream: string,
  events: ReadonlyArray<CampaignEvent | CallEvent>,
  at: string,
): Promise<AppendResult> =>
  store.appendToStream(
    stream,
    events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data as Record<string, unknown>, metadata: metadata(e.type, at) })),
    { expectedVersion: 'any' },
  );

let phoneSeq = 0;
/** Distinct E.164-shaped numbers across a test file. */
export const phone = (): string => `+1415${String(1_000_000 + phoneSeq++).slice(-7)}`;

export type CallScript = ReturnType<typeof callScript>;

export function callScript(store: EventStore, clock: ScriptClock, callId: string, campaignId: string | null, phoneNumber: string) {
  const stream = `call-${callId}`;
  const put = (event: CallEvent, at = clock.next()) => append(store, stream, [event], at);
  return {
    callId,
    scheduled: () => put({ type: 'CallScheduled', data: { callId, campaignId, phoneNumber } }),
    attempted: (attempt: number) => put({ type: 'CallAttempted', data: { attempt } }),
    completed: (attempt: number) => put({ type: 'CallCompleted', data: { attempt, providerCallId: `p-${callId}-${attempt}`, durationMs: 3_000 } }),
    failed: (attempt: number, outcome: FailureOutcome, willRetry: boolean) =>
      put({ type: 'CallFailed', data: { attempt, outcome, providerCallId: `p-${callId}-${attempt}`, willRetry } }),
    retryScheduled: (attempt: number, dueAt: string) => put({ type: 'CallRetryScheduled', data: { attempt, dueAt } }),
    cancelled: () => put({ type: 'CallCancelled', data: { reason: 'campaign cancelled' } }),
  };
}

export type CampaignScript = ReturnType<typeof campaignScript>;

export function campaignScript(store: EventStore, clock: ScriptClock, campaignId = randomUUID()) {
  const stream = `campaign-${campaignId}`;
  const put = (event: CampaignEvent, at = clock.next()) => append(store, stream, [event], at);
  const calls: CallScript[] = [];
  return {
    id: campaignId,
    stream,
    calls,
    created: (overrides: Partial<CampaignConfig> = {}) => put({ type: 'CampaignCreated', data: { campaignId, ...validConfig(overrides) } }),
    updated: (changes: Partial<CampaignConfig>) => put({ type: 'CampaignUpdated', data: changes }),
    /** Adds `count` fresh numbers; their scripts are appended to `calls`. */
    numbersAdded: async (count: number) => {
      const added = Array.from({ length: count }, () => ({ callId: randomUUID(), phoneNumber: phone() }));
      const result = await put({ type: 'CampaignNumbersAdded', data: { calls: added } });
      for (const c of added) calls.push(callScript(store, clock, c.callId, campaignId, c.phoneNumber));
      return result;
    },
    started: () => put({ type: 'CampaignStarted', data: {} }),
    paused: () => put({ type: 'CampaignPaused', data: {} }),
    resumed: () => put({ type: 'CampaignResumed', data: {} }),
    cancelled: () => put({ type: 'CampaignCancelled', data: { reason: 'client asked' } }),
    completed: (completed: number, failed: number) => put({ type: 'CampaignCompleted', data: { completed, failed } }),
    deleted: () => put({ type: 'CampaignDeleted', data: {} }),
  };
}
