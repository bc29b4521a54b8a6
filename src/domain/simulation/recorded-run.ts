import type { CallEvent } from '../call/call.events.js';
import type { CampaignEvent } from '../campaign/campaign.events.js';
import type { DialerEvent } from '../dialer/dialer.events.js';
import { foldDialer } from '../dialer/dialer.evolve.js';
import { initialDialerState, type DialerState } from '../dialer/dialer.state.js';
import type { Instant } from '../shared/event.js';
import { toEpochMs } from '../shared/instant.js';
import type { RecordedAttempt } from './recorded-outcomes.js';

/** An event with the instant it was recorded (its metadata's `recordedAt`: business time). */
export type Timed<E> = E & Readonly<{ recordedAt: Instant }>;

/** What the log says a campaign run did. */
export type RecordedRun = Readonly<{
  attempts: number;
  completed: number;
  failed: number;
  skipped: number;
  startedAt: Instant | null;
  finishedAt: Instant | null;
  durationMs: number | null;
}>;

const LIFECYCLE = new Set(['CampaignStarted', 'CampaignPaused', 'CampaignResumed', 'CampaignCancelled', 'CampaignCompleted', 'CampaignFailed', 'CampaignDeleted']);

/**
 * The dialer's state as the campaign was started: its config up to the start, every number it was
 * given (added later ones too, at their place in the queue), running. Later config changes, pauses
 * and removals are not replayed: the simulation answers "what if this config had run throughout".
 */
export const startStateOf = (campaignId: string, events: ReadonlyArray<Timed<CampaignEvent>>): DialerState => {
  const started = events.findIndex((e) => e.type === 'CampaignStarted');
  const kept = events.filter((e, i) => !LIFECYCLE.has(e.type) && (started < 0 || i < started || e.type === 'CampaignNumbersAdded'));
  return { ...foldDialer(initialDialerState(campaignId), kept), status: 'in_progress' };
};

/** When the dialer took and freed each (call, attempt)'s slot, keyed `callId#attempt`. */
export type SlotTimes = ReadonlyMap<string, Readonly<{ takenMs: number; freedMs: number | null }>>;

const slotKey = (callId: string, attempt: number): string => `${callId}#${attempt}`;

/** When the dialer first took a slot for this campaign: its reaction to the start, spent by a replay too. */
export const firstDialAt = (events: ReadonlyArray<Timed<DialerEvent>>): Instant | null => events.find((e) => e.type === 'DialStarted')?.recordedAt ?? null;

/** From the dialer stream: a slot is taken by `DialStarted` and freed by its `DialEnded`. */
export const slotTimesOf = (events: ReadonlyArray<Timed<DialerEvent>>): SlotTimes => {
  const slots = new Map<string, { takenMs: number; freedMs: number | null }>();
  for (const event of events) {
    if (event.type === 'DialStarted') slots.set(slotKey(event.data.callId, event.data.attempt), { takenMs: toEpochMs(event.recordedAt), freedMs: null });
    else if (event.type === 'DialEnded') {
      const slot = slots.get(slotKey(event.data.callId, event.data.attempt));
      if (slot) slot.freedMs = toEpochMs(event.recordedAt);
    }
  }
  return slots;
};

/**
 * Each attempt of one call, by attempt number: how it ended, how long it took from `CallAttempted`
 * to its outcome, and the dialer's own time around it (slot taken before the attempt was recorded,
 * freed after the outcome was), which a replay must spend too to finish when the run did.
 */
export const recordedAttemptsOf = (callId: string, events: ReadonlyArray<Timed<CallEvent>>, slots: SlotTimes = new Map()): Array<RecordedAttempt | undefined> => {
  const attempts: Array<RecordedAttempt | undefined> = [];
  const startedAt = new Map<number, number>();
  const record = (attempt: number, outcome: RecordedAttempt['outcome'], at: Instant): void => {
    const since = startedAt.get(attempt);
    if (attempts[attempt - 1] !== undefined) return;
    const atMs = toEpochMs(at);
    const slot = slots.get(slotKey(callId, attempt));
    const timed = since !== undefined && slot !== undefined && slot.freedMs !== null;
    attempts[attempt - 1] = {
      outcome,
      durationMs: since === undefined ? 0 : Math.max(0, atMs - since),
      beforeMs: timed ? Math.max(0, since - slot.takenMs) : 0,
      afterMs: timed ? Math.max(0, slot.freedMs! - atMs) : 0,
    };
  };
  for (const event of events) {
    switch (event.type) {
      case 'CallAttempted':
        startedAt.set(event.data.attempt, toEpochMs(event.recordedAt));
        break;
      case 'CallCompleted':
        record(event.data.attempt, 'answered', event.recordedAt);
        break;
      case 'CallFailed':
        record(event.data.attempt, event.data.outcome, event.recordedAt);
        break;
      case 'CallSkipped':
        record(event.data.attempt, 'skipped', event.recordedAt);
        break;
      default:
        break;
    }
  }
  return attempts;
};

/** The run as recorded: attempts and how each call ended, from the call streams; start and end from the campaign's. */
export const recordedRunOf = (campaignEvents: ReadonlyArray<Timed<CampaignEvent>>, calls: ReadonlyArray<ReadonlyArray<Timed<CallEvent>>>): RecordedRun => {
  let attempts = 0;
  let completed = 0;
  let failed = 0;
  let skipped = 0;
  for (const events of calls) {
    for (const event of events) {
      if (event.type === 'CallAttempted') attempts += 1;
      else if (event.type === 'CallCompleted') completed += 1;
      else if (event.type === 'CallFailed' && !event.data.willRetry) failed += 1;
      else if (event.type === 'CallSkipped') skipped += 1;
    }
  }
  const startedAt = campaignEvents.find((e) => e.type === 'CampaignStarted')?.recordedAt ?? null;
  const finishedAt = campaignEvents.find((e) => e.type === 'CampaignCompleted' || e.type === 'CampaignFailed')?.recordedAt ?? null;
  const durationMs = startedAt && finishedAt ? toEpochMs(finishedAt) - toEpochMs(startedAt) : null;
  return { attempts, completed, failed, skipped, startedAt, finishedAt, durationMs };
};
