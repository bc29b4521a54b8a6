import { callDecider } from '../../domain/call/call.decider.js';
import { callStream, type AttemptRate, type CallEvent, type CallOutcome } from '../../domain/call/call.events.js';
import type { RetryPolicy } from '../../domain/campaign/campaign-config.js';
import { attemptStatus, type AttemptStatus } from '../../domain/dialer/dial-outcome.js';
import type { Dial } from '../../domain/dialer/dial-selection.js';
import type { SkipReason } from '../../domain/dialer/dialer.events.js';
import { IllegalStateError, NotFoundError } from '../../domain/shared/errors.js';
import type { CommandContext } from '../command-handling/command-context.js';
import { appendNewStream } from '../command-handling/command-handler.js';
import { handleCallCommand } from '../command-handling/domain-handlers.js';
import { readStream } from '../events/event-reader.js';
import { ConcurrencyError, type EventStore } from '../ports/event-store.port.js';

/** `started`: this dialer recorded the attempt and must dial it; `exists`: it was already recorded; `refused`: the call cannot take it. */
export type StartResult = 'started' | 'exists' | 'refused';

/**
 * Records attempt n on the call stream — attempt fencing: the decider starts each attempt once, and
 * the expected version makes a second writer lose. A campaign call's stream starts with its first
 * attempt (`CallScheduled` + `CallAttempted` with `no_stream`: one write, no read); a single call's
 * stream already exists, as does a retried call's. `rate`: the budget its token came from.
 */
export const startAttempt = async (
  store: EventStore,
  campaignId: string | null,
  dial: Dial,
  context: CommandContext,
  rate: AttemptRate | null = null,
): Promise<StartResult> => {
  const { callId, attempt } = dial;
  const first: CallEvent = { type: 'CallAttempted', data: { attempt: 1, ...(rate ? { rate } : {}) } };
  if (campaignId !== null && attempt === 1 && (await openCallStream(store, campaignId, dial, first, context))) return 'started';
  try {
    const result = await handleCallCommand(store, { type: 'StartAttempt', callId, attempt, now: context.now, ...(rate ? { rate } : {}) }, context);
    return result.events.length > 0 ? 'started' : 'exists';
  } catch (error) {
    if (error instanceof IllegalStateError || error instanceof NotFoundError) return 'refused';
    throw error;
  }
};

export type AttemptInspection = AttemptStatus & Readonly<{ attemptedAtMs: number | null; answeredAtMs: number | null }>;

/** What the call stream says about one attempt, with when it was recorded and answered (the clocks count from then). */
export const inspectAttempt = async (store: EventStore, callId: string, attempt: number): Promise<AttemptInspection> => {
  const events = await readStream(store, callStream(callId));
  if (events.length === 0) return { kind: 'not_started', attemptedAtMs: null, answeredAtMs: null };
  const timeOf = (type: 'CallAttempted' | 'CallAnswered'): number | null =>
    events.find((e) => e.type === type && e.data.attempt === attempt)?.recordedAt.getTime() ?? null;
  return { ...attemptStatus(callId, events, attempt), attemptedAtMs: timeOf('CallAttempted'), answeredAtMs: timeOf('CallAnswered') };
};

/**
 * A dialer clock ran out: the call decider records `timeout` for an unanswered attempt, ends an
 * answered one as answered (conversation clock) or does nothing (ring clock, answered meanwhile).
 */
export const expireAttempt = async (
  store: EventStore,
  dial: Pick<Dial, 'callId' | 'attempt'>,
  clock: 'ring' | 'conversation',
  retryPolicy: RetryPolicy,
  context: CommandContext,
): Promise<number> => {
  const result = await handleCallCommand(store, { type: 'ExpireAttempt', ...dial, clock, retryPolicy, now: context.now }, context);
  return result.events.length;
};

/** Idempotent: an attempt that already has its outcome (the webhook won the race) gets nothing. */
export const recordOutcome = async (
  store: EventStore,
  dial: Pick<Dial, 'callId' | 'attempt'>,
  outcome: CallOutcome,
  retryPolicy: RetryPolicy,
  context: CommandContext,
): Promise<number> => {
  const command = { type: 'RecordOutcome' as const, ...dial, outcome, providerCallId: null, retryPolicy, now: context.now };
  const result = await handleCallCommand(store, command, context);
  return result.events.length;
};

/**
 * Cancels a call whose attempt was never recorded, so that no late writer can record it any more;
 * a campaign call without a stream gets one that starts cancelled. False when the attempt (or
 * another write) got there first: the caller reads the call again.
 */
export const cancelCall = async (
  store: EventStore,
  campaignId: string | null,
  dial: Dial,
  context: CommandContext,
): Promise<boolean> => {
  const reason = 'campaign cancelled';
  try {
    await handleCallCommand(store, { type: 'CancelCall', callId: dial.callId, reason }, context);
    return true;
  } catch (error) {
    if (error instanceof IllegalStateError) return false;
    if (!(error instanceof NotFoundError) || campaignId === null) throw error;
  }
  return openCallStream(store, campaignId, dial, { type: 'CallCancelled', data: { reason } }, context);
};

/** Writes a campaign call's stream in one append, `CallScheduled` then `next`; false when the stream already exists. */
export const openCallStream = async (
  store: EventStore,
  campaignId: string,
  { callId, phoneNumber }: Pick<Dial, 'callId' | 'phoneNumber'>,
  next: CallEvent,
  context: CommandContext,
): Promise<boolean> => {
  const events: CallEvent[] = [{ type: 'CallScheduled', data: { callId, campaignId, phoneNumber } }, next];
  try {
    await appendNewStream(store, callDecider, callStream(callId), events, context);
    return true;
  } catch (error) {
    if (error instanceof ConcurrencyError) return false;
    throw error;
  }
};

/**
 * Skips a call whose number is on the do-not-call list, before its attempt is recorded; a campaign
 * call without a stream gets one that starts skipped. False when the attempt (or another write) got
 * there first: the caller reads the call again.
 */
export const skipCall = async (
  store: EventStore,
  campaignId: string | null,
  dial: Dial,
  reason: SkipReason,
  context: CommandContext,
): Promise<boolean> => {
  const skipped: CallEvent = { type: 'CallSkipped', data: { attempt: dial.attempt, reason } };
  if (campaignId !== null && dial.attempt === 1 && (await openCallStream(store, campaignId, dial, skipped, context))) return true;
  try {
    await handleCallCommand(store, { type: 'SkipCall', callId: dial.callId, attempt: dial.attempt, reason }, context);
    return true;
  } catch (error) {
    if (error instanceof IllegalStateError || error instanceof NotFoundError) return false;
    throw error;
  }
};
