import type { CallScheduled } from '../call/call.events.js';
import { applyConfigChanges } from '../campaign/campaign-config-change.js';
import type { CampaignCreated, CampaignEvent } from '../campaign/campaign.events.js';
import { enqueueCalls, positionOf } from './dial-queue.js';
import type { DialDeferred, DialEnded, DialerEvent, DialStarted } from './dialer.events.js';
import type { DialerConfig, DialerState, InFlightDial } from './dialer.state.js';
import { stateFromCarry } from './dialer-segments.js';
import { fromEpochMs, isAtOrBefore } from '../shared/instant.js';
import { withoutWaiting, withWaiting } from './waiting-calls.js';

/** Everything the dialer folds: its campaign's events, its own, and (single calls) `CallScheduled`. */
export type DialerInput = CampaignEvent | DialerEvent | CallScheduled;

/** A fold in progress owns fresh copies of the collections, so the state it started from is untouched. */
type Draft = {
  -readonly [K in keyof DialerState]: DialerState[K];
} & { inFlight: Map<string, InFlightDial>; requeued: number[]; removed: Set<string> };

const EPOCH = fromEpochMs(0);


const dialerConfigOf = ({ schedule, maxConcurrentCalls, retryPolicy, recipientHours, complianceRules, subject, weight }: CampaignCreated['data']): DialerConfig => ({
  schedule,
  maxConcurrentCalls,
  retryPolicy,
  recipientHours,
  complianceRules,
  subject,
  weight,
});

const applyCampaign = (draft: Draft, event: CampaignEvent): void => {
  switch (event.type) {
    case 'CampaignCreated':
      draft.status = 'pending';
      draft.config = dialerConfigOf(event.data);
      return;
    case 'CampaignUpdated':
      draft.config = draft.config && applyConfigChanges(draft.config, event.data);
      return;
    case 'CampaignNumbersAdded':
      draft.queue = enqueueCalls(draft.queue, event.data.calls);
      return;
    case 'CampaignNumberRemoved':
      return removeCall(draft, event.data.callId);
    case 'CampaignStarted':
    case 'CampaignResumed':
      draft.status = 'in_progress';
      return;
    case 'CampaignPaused':
      draft.status = 'paused';
      return;
    case 'CampaignCancelled':
      draft.status = 'cancelled';
      return;
    case 'CampaignCompleted':
      draft.status = 'completed';
      return;
    case 'CampaignFailed':
      draft.status = 'failed';
      return;
    case 'CampaignDeleted':
      draft.status = 'deleted';
      return;
    default: {
      const _unknown: never = event;
      return;
    }
  }
};

const insertSorted = (list: number[], value: number): void => {
  let at = list.length;
  while (at > 0 && list[at - 1]! > value) at -= 1;
  if (list[at - 1] !== value) list.splice(at, 0, value);
};

/** Takes `position` out of the never-attempted set, whatever order the dials were started in. */
const markFirstDialed = (draft: Draft, position: number): void => {
  if (position >= draft.cursor) {
    for (let skipped = draft.cursor; skipped < position; skipped += 1) insertSorted(draft.requeued, skipped);
    draft.cursor = position + 1;
    return;
  }
  const at = draft.requeued.indexOf(position);
  if (at >= 0) draft.requeued.splice(at, 1);
};

/**
 * A removed number is never dialed again: waiting or never attempted, it is cancelled now (the
 * removal cancels its call stream); in flight, it finishes and any retry it asks for is cancelled.
 */
const removeCall = (draft: Draft, callId: string): void => {
  draft.removed.add(callId);
  if (draft.inFlight.has(callId)) return;
  const position = positionOf(draft.queue, callId);
  if (position === undefined) return;
  const waiting = draft.retries.has(callId);
  draft.retries = withoutWaiting(draft.retries, callId);
  const fresh = position >= draft.cursor || draft.requeued.includes(position);
  if (fresh) markFirstDialed(draft, position);
  if (waiting || fresh) draft.cancelled += 1;
};

const startDial = (draft: Draft, { callId, attempt, phoneNumber }: DialStarted['data']): void => {
  if (positionOf(draft.queue, callId) === undefined) draft.queue = enqueueCalls(draft.queue, [{ callId, phoneNumber }]);
  const order = positionOf(draft.queue, callId)!;
  const retry = draft.retries.get(callId);
  draft.retries = withoutWaiting(draft.retries, callId);
  if (attempt === 1) markFirstDialed(draft, order);
  draft.inFlight.set(callId, { callId, attempt, phoneNumber, order, retryDueAt: retry?.dueAt ?? null });
};

const endDial = (draft: Draft, data: DialEnded['data']): void => {
  const dial = draft.inFlight.get(data.callId);
  if (!dial || dial.attempt !== data.attempt) return;
  draft.inFlight.delete(data.callId);
  const { callId, attempt, phoneNumber, order } = dial;
  if (data.terminal) {
    if (data.outcome === 'answered') draft.completed += 1;
    else if (data.outcome === 'skipped') draft.skipped += 1;
    else draft.failed += 1;
  } else if (data.outcome === 'deferred') {
    draft.retries = withWaiting(draft.retries, { callId, attempt, phoneNumber, order, dueAt: data.retryDueAt ?? EPOCH, waitingFor: data.waitingFor ?? 'frequency_cap' });
    if (data.waitingFor === 'rate_limit' && data.retryDueAt !== null && (draft.pacedUntil === null || !isAtOrBefore(data.retryDueAt, draft.pacedUntil))) draft.pacedUntil = data.retryDueAt;
  } else if (draft.removed.has(callId) && data.outcome === 'abandoned') {
    draft.cancelled += 1;
  } else if (data.outcome === 'abandoned') {
    if (attempt === 1) insertSorted(draft.requeued, order);
    else draft.retries = withWaiting(draft.retries, { callId, attempt, phoneNumber, order, dueAt: dial.retryDueAt ?? EPOCH, waitingFor: 'retry_delay' });
  } else {
    draft.retries = withWaiting(draft.retries, { callId, attempt: attempt + 1, phoneNumber, order, dueAt: data.retryDueAt ?? EPOCH, waitingFor: 'retry_delay' });
  }
};

/** The call waits without a slot; a never-attempted call leaves the fresh queue for the waiting ones. */
const deferDial = (draft: Draft, { callId, attempt, phoneNumber, waitingFor, until }: DialDeferred['data']): void => {
  if (draft.inFlight.has(callId)) return;
  if (positionOf(draft.queue, callId) === undefined) draft.queue = enqueueCalls(draft.queue, [{ callId, phoneNumber }]);
  const order = positionOf(draft.queue, callId)!;
  if (attempt === 1 && !draft.retries.has(callId)) markFirstDialed(draft, order);
  draft.retries = withWaiting(draft.retries, { callId, attempt, phoneNumber, order, dueAt: until, waitingFor });
};

const apply = (draft: Draft, event: DialerInput): void => {
  switch (event.type) {
    case 'DialerLeaseAcquired':
      draft.owner = event.data.owner;
      return;
    case 'DialStarted':
      return startDial(draft, event.data);
    case 'DialEnded':
      return endDial(draft, event.data);
    case 'DialDeferred':
      return deferDial(draft, event.data);
    case 'CallScheduled':
      draft.queue = enqueueCalls(draft.queue, [event.data]);
      return;
    case 'DialerSegmentOpened':
      Object.assign(draft, draftOf(stateFromCarry(draft, event.data.carried)));
      return;
    case 'DialerSegmentClosed':
      return;
    default:
      return applyCampaign(draft, event);
  }
};

const draftOf = (state: DialerState): Draft => ({
  ...state,
  inFlight: new Map(state.inFlight),
  requeued: [...state.requeued],
  removed: new Set(state.removed),
});

/**
 * Folds a batch at once: the collections are copied once per batch, not once per event, which keeps
 * a 100,000-call campaign cheap to rebuild. Unknown or out-of-place events change nothing.
 */
export const foldDialer = (state: DialerState, events: readonly DialerInput[]): DialerState => {
  if (events.length === 0) return state;
  const draft = draftOf(state);
  for (const event of events) apply(draft, event);
  return draft;
};

/** After a campaign is cancelled the dialer cancels each pending retry; this forgets the one it cancelled. */
export const withoutRetry = (state: DialerState, callId: string): DialerState => {
  if (!state.retries.has(callId)) return state;
  return { ...state, retries: withoutWaiting(state.retries, callId), cancelled: state.cancelled + 1 };
};
