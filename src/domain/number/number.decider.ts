import { isE164 } from '../phone/e164.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { NotFoundError, ValidationError, type FieldError } from '../shared/errors.js';
import type { Instant } from '../shared/event.js';
import { toEpochMs } from '../shared/instant.js';
import { decideClaim, type DialRefusal } from './dial-claim.js';
import { validateFrequencyCap } from './frequency-cap.js';
import type { AddToDoNotCall, ClaimDial, NumberCommand, RecordOptOut, RemoveFromDoNotCall } from './number.commands.js';
import type { NumberEvent } from './number.events.js';
import { evolve, initialState } from './number.evolve.js';
import { activeListing, type NumberState } from './number.state.js';

export const MAX_REASON_LENGTH = 500;

/** A dial the list or a cap forbids. Expected, not a fault: the dialer skips or defers the call. */
export class DialRefusedError extends Error {
  override readonly name = 'DialRefusedError';
  constructor(readonly refusal: DialRefusal) {
    super(`dial refused: ${refusal.refused}`);
  }
}

const throwIfInvalid = (errors: FieldError[]): void => {
  if (errors.length > 0) throw new ValidationError(errors);
};

const validateNumber = (phoneNumber: string): FieldError[] =>
  isE164(phoneNumber) ? [] : [{ field: 'phoneNumber', message: 'must be an E.164 number' }];

/** What an add says about the entry, whatever the number: checked once before a batch appends anything. */
export const validateDncEntry = (entry: Pick<AddToDoNotCall, 'reason' | 'expiresAt' | 'now'>): FieldError[] => [
  ...(entry.reason.trim() !== '' && entry.reason.length <= MAX_REASON_LENGTH
    ? []
    : [{ field: 'reason', message: `must be 1 to ${MAX_REASON_LENGTH} characters` }]),
  ...(entry.expiresAt === null || toEpochMs(entry.expiresAt) > toEpochMs(entry.now)
    ? []
    : [{ field: 'expiresAt', message: 'must be in the future' }]),
];

const validateAdd = (command: AddToDoNotCall): FieldError[] => [...validateNumber(command.phoneNumber), ...validateDncEntry(command)];

const validateClaim = (command: ClaimDial): FieldError[] => [
  ...validateNumber(command.phoneNumber),
  ...(Number.isInteger(command.attempt) && command.attempt >= 1 ? [] : [{ field: 'attempt', message: 'must be an integer ≥ 1' }]),
  ...(command.subject !== '' ? [] : [{ field: 'subject', message: 'must not be empty' }]),
  ...command.caps.flatMap((cap) => validateFrequencyCap(cap, `caps.${cap.source}`)),
];

/** Null (for good) outlasts any instant; otherwise the later instant protects longer. */
const outlasts = (candidate: Instant | null, current: Instant | null): boolean =>
  current !== null && (candidate === null || toEpochMs(candidate) > toEpochMs(current));

/**
 * Adding a listed number changes nothing unless it protects longer (a later or no expiry): a list
 * entry is never shortened by an add, only by a removal.
 */
const add = (command: AddToDoNotCall, state: NumberState): NumberEvent[] => {
  throwIfInvalid(validateAdd(command));
  const { phoneNumber, reason, source, expiresAt, now } = command;
  const listing = activeListing(state, now);
  if (listing !== null && !outlasts(expiresAt, listing.expiresAt)) return [];
  return [{ type: 'NumberAddedToDoNotCall', data: { phoneNumber, reason: reason.trim(), source, expiresAt, callId: null } }];
};

/** The person's own request outranks any entry an operator made, which could later be removed. */
const optOut = (command: RecordOptOut, state: NumberState): NumberEvent[] => {
  throwIfInvalid(validateNumber(command.phoneNumber));
  const { phoneNumber, callId, now } = command;
  if (activeListing(state, now)?.source === 'opt_out') return [];
  return [
    {
      type: 'NumberAddedToDoNotCall',
      data: { phoneNumber, reason: 'opted out during a call', source: 'opt_out', expiresAt: null, callId },
    },
  ];
};

const remove = (command: RemoveFromDoNotCall, state: NumberState): NumberEvent[] => {
  if (activeListing(state, command.now) === null) throw new NotFoundError(`${command.phoneNumber} is not on the do-not-call list`);
  return [{ type: 'NumberRemovedFromDoNotCall', data: { phoneNumber: command.phoneNumber } }];
};

const claim = (command: ClaimDial, state: NumberState): NumberEvent[] => {
  throwIfInvalid(validateClaim(command));
  const decision = decideClaim(command, state);
  if ('refused' in decision) throw new DialRefusedError(decision);
  return [...decision.claimed];
};

export const decide = (command: NumberCommand, state: NumberState): NumberEvent[] => {
  switch (command.type) {
    case 'AddToDoNotCall':
      return add(command, state);
    case 'RecordOptOut':
      return optOut(command, state);
    case 'RemoveFromDoNotCall':
      return remove(command, state);
    case 'ClaimDial':
      return claim(command, state);
    default:
      return assertNever(command, 'number command');
  }
};

export const numberDecider: Decider<NumberState, NumberCommand, NumberEvent> = { initialState, evolve, decide };
