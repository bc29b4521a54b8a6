import { assertNever, type Decider } from '../shared/decider.js';
import { IllegalStateError, LimitExceededError, NotFoundError, ValidationError, type FieldError } from '../shared/errors.js';
import { jsonEqual } from '../shared/json-equal.js';
import { isE164 } from '../phone/e164.js';
import { contactProblem } from '../phone/number-entry.js';
import { callOf, hasPhoneNumber, type CampaignCall } from './campaign-call-list.js';
import { validateCampaignConfig, validateConfigChanges } from './campaign-config-validation.js';
import { MAX_CALLS_PER_CAMPAIGN } from './campaign-limits.js';
import { changedFields, configOf, patchedFields } from './campaign-config-change.js';
import type * as C from './campaign.commands.js';
import type { CampaignEvent } from './campaign.events.js';
import { evolve, initialState } from './campaign.evolve.js';
import { activeCallCount, isTerminal, type CampaignState, type ExistingCampaignState } from './campaign.state.js';

type Live = ExistingCampaignState;
type Events = CampaignEvent[];

const throwIfInvalid = (errors: FieldError[]): void => {
  if (errors.length > 0) throw new ValidationError(errors);
};

const illegal = (state: Live, action: string): IllegalStateError =>
  new IllegalStateError(`campaign ${state.campaignId} is ${state.status}; cannot ${action}`);

/** Numbers reach the decider normalized by `partitionNumbers`; this guards the stream against a bad edge. */
const validateCalls = (calls: readonly CampaignCall[]): FieldError[] =>
  calls.flatMap((call, i) => [
    ...(typeof call.callId === 'string' && call.callId !== ''
      ? []
      : [{ field: `calls[${i}].callId`, message: 'must be a non-empty string' }]),
    ...(typeof call.phoneNumber === 'string' && isE164(call.phoneNumber)
      ? []
      : [{ field: `calls[${i}].phoneNumber`, message: 'must be an E.164 number' }]),
    ...[contactProblem(call)].flatMap((problem) => (problem ? [{ field: `calls[${i}].${problem.split(':')[0]}`, message: problem }] : [])),
  ]);

/** Drops numbers already in the campaign or repeated in the batch: re-adding a number is a no-op. */
const newCalls = (state: CampaignState, calls: readonly CampaignCall[]): CampaignCall[] => {
  const seen = new Set<string>();
  return calls.filter((call) => {
    if (seen.has(call.phoneNumber)) return false;
    seen.add(call.phoneNumber);
    return state.status === 'initial' || !hasPhoneNumber(state.calls, call.phoneNumber);
  });
};

const assertRoomFor = (held: number, calls: readonly CampaignCall[]): void => {
  if (held + calls.length <= MAX_CALLS_PER_CAMPAIGN) return;
  throw new LimitExceededError(
    `a campaign holds at most ${MAX_CALLS_PER_CAMPAIGN} calls; it has ${held}, and ${calls.length} new numbers would pass that`,
    MAX_CALLS_PER_CAMPAIGN,
  );
};

const create = (command: C.CreateCampaign, state: CampaignState): Events => {
  if (state.status !== 'initial') {
    const sameCreate = state.status !== 'deleted' && jsonEqual(state.config, command.config);
    if (sameCreate) return [];
    throw new IllegalStateError(`campaign ${command.campaignId} already exists`);
  }
  throwIfInvalid([...validateCampaignConfig(command.config), ...validateCalls(command.calls)]);
  const events: Events = [{ type: 'CampaignCreated', data: { campaignId: command.campaignId, ...configOf(command.config) } }];
  const calls = newCalls(state, command.calls);
  assertRoomFor(0, calls);
  if (calls.length > 0) events.push({ type: 'CampaignNumbersAdded', data: { calls } });
  return events;
};

const update = (command: C.UpdateCampaign, state: Live): Events => {
  if (isTerminal(state)) throw illegal(state, 'change its configuration');
  const fields = patchedFields(state.config, command.changes);
  throwIfInvalid(validateConfigChanges(fields));
  const changed = changedFields(state.config, fields);
  return Object.keys(changed).length === 0 ? [] : [{ type: 'CampaignUpdated', data: changed }];
};

const addNumbers = (command: C.AddNumbers, state: Live): Events => {
  if (isTerminal(state)) throw illegal(state, 'add numbers');
  throwIfInvalid(validateCalls(command.calls));
  const calls = newCalls(state, command.calls);
  assertRoomFor(state.calls.length, calls);
  return calls.length === 0 ? [] : [{ type: 'CampaignNumbersAdded', data: { calls } }];
};

/**
 * Removing a number twice is a no-op (a retried DELETE succeeds); a number never added is not found.
 * An ended campaign keeps its numbers as they finished: its results are what it reports.
 */
const removeNumber = (command: C.RemoveNumber, state: Live): Events => {
  const call = callOf(state.calls, command.phoneNumber);
  if (!call) throw new NotFoundError(`number ${command.phoneNumber} is not in campaign ${state.campaignId}`);
  if (state.removed.has(call.phoneNumber)) return [];
  if (isTerminal(state)) throw illegal(state, 'remove numbers');
  return [{ type: 'CampaignNumberRemoved', data: { callId: call.callId, phoneNumber: call.phoneNumber } }];
};

/** Starting an empty campaign would complete it at once; a conflict (409) tells the client to add numbers. */
const start = (state: Live): Events => {
  if (state.status === 'in_progress') return [];
  if (state.status !== 'pending') throw illegal(state, 'start');
  if (activeCallCount(state) === 0) {
    throw new IllegalStateError(`campaign ${state.campaignId} has no phone numbers; cannot start`);
  }
  return [{ type: 'CampaignStarted', data: {} }];
};

const pause = (state: Live): Events => {
  if (state.status === 'paused') return [];
  if (state.status !== 'in_progress') throw illegal(state, 'pause');
  return [{ type: 'CampaignPaused', data: {} }];
};

const resume = (state: Live): Events => {
  if (state.status === 'in_progress') return [];
  if (state.status !== 'paused') throw illegal(state, 'resume');
  return [{ type: 'CampaignResumed', data: {} }];
};

const cancel = (command: C.CancelCampaign, state: Live): Events => {
  if (state.status === 'cancelled') return [];
  if (isTerminal(state)) throw illegal(state, 'cancel');
  return [{ type: 'CampaignCancelled', data: { reason: command.reason } }];
};

const validateCounts = (command: { completed: number; failed: number; skipped?: number }): FieldError[] =>
  (['completed', 'failed', 'skipped'] as const).flatMap((field) =>
    command[field] === undefined || (Number.isInteger(command[field]) && command[field] >= 0)
      ? []
      : [{ field, message: 'must be a non-negative integer' }],
  );

/**
 * The dialer's counts must cover every call: numbers added after it looked make the sum short, and the
 * campaign must go on. A removed number counts when its call ended by an outcome, and need not when it
 * was cancelled. Completed when anything was answered (or there was nothing to dial); failed when every
 * call failed.
 */
const complete = (command: C.CompleteCampaign, state: Live): Events => {
  if (state.status === 'completed' || state.status === 'failed') return [];
  if (state.status !== 'in_progress' && state.status !== 'paused') throw illegal(state, 'complete');
  throwIfInvalid(validateCounts(command));
  const { completed, failed, skipped = 0 } = command;
  const ended = completed + failed + skipped;
  if (ended > state.calls.length || ended < activeCallCount(state)) {
    throw new IllegalStateError(
      `campaign ${state.campaignId} has ${state.calls.length} calls, ${ended} terminal (${state.removed.size} removed); cannot complete`,
    );
  }
  const counts = { completed, failed, ...(skipped > 0 ? { skipped } : {}) };
  if (completed > 0 || failed === 0) return [{ type: 'CampaignCompleted', data: counts }];
  return [{ type: 'CampaignFailed', data: { reason: 'every call failed', ...counts } }];
};

const fail = (command: C.FailCampaign, state: Live): Events => {
  if (state.status === 'failed') return [];
  if (state.status !== 'in_progress' && state.status !== 'paused') throw illegal(state, 'fail');
  throwIfInvalid(validateCounts(command));
  const { reason, completed, failed, skipped = 0 } = command;
  return [{ type: 'CampaignFailed', data: { reason, completed, failed, ...(skipped > 0 ? { skipped } : {}) } }];
};

/** A running or paused campaign may still have calls in flight: cancel it first, then delete. */
const remove = (state: Live): Events => {
  if (state.status === 'deleted') return [];
  if (state.status === 'in_progress' || state.status === 'paused') throw illegal(state, 'delete; cancel it first');
  return [{ type: 'CampaignDeleted', data: {} }];
};

export const decide = (command: C.CampaignCommand, state: CampaignState): Events => {
  if (command.type === 'CreateCampaign') return create(command, state);
  const deletedOrMissing = state.status === 'initial' || (state.status === 'deleted' && command.type !== 'DeleteCampaign');
  if (deletedOrMissing) throw new NotFoundError(`campaign ${command.campaignId} not found`);
  switch (command.type) {
    case 'UpdateCampaign':
      return update(command, state);
    case 'AddNumbers':
      return addNumbers(command, state);
    case 'RemoveNumber':
      return removeNumber(command, state);
    case 'StartCampaign':
      return start(state);
    case 'PauseCampaign':
      return pause(state);
    case 'ResumeCampaign':
      return resume(state);
    case 'CancelCampaign':
      return cancel(command, state);
    case 'CompleteCampaign':
      return complete(command, state);
    case 'FailCampaign':
      return fail(command, state);
    case 'DeleteCampaign':
      return remove(state);
    default:
      return assertNever(command, 'campaign command');
  }
};

export const campaignDecider: Decider<CampaignState, C.CampaignCommand, CampaignEvent> = {
  initialState,
  evolve,
  decide,
};
