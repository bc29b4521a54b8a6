import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { validateDncEntry } from '../../domain/number/number.decider.js';
import { partitionNumbers } from '../../domain/phone/phone-number.js';
import { TooManyNumbersError } from '../campaigns/numbers-limit.js';
import { ValidationError } from '../../domain/shared/errors.js';
import { handleNumberCommand } from '../command-handling/domain-handlers.js';
import { CLOCK, type Clock } from '../ports/clock.port.js';
import { comparePositions, EVENT_STORE, type EventStore, type Position } from '../ports/event-store.port.js';
import { commandContext } from '../shared/command-meta.js';
import { AddToDoNotCallCommand, type AddToDoNotCallResult } from './do-not-call.commands.js';
import { NUMBER_CONFLICT_RETRIES } from './number-gate.js';

/** Appends to this many number streams at once: one stream per number keeps each add strict. */
const PARALLEL_APPENDS = 16;

/** Each number is one append; above this the client splits the import (413). */
export const MAX_DNC_NUMBERS_PER_REQUEST = 10_000;

const later = (a: Position | null, b: Position | null): Position | null =>
  a === null ? b : b === null ? a : comparePositions(a, b) >= 0 ? a : b;

/**
 * Each number is its own stream, so a large import is many small appends rather than one; each is
 * answered only once appended, and a dial claimed after that append sees the entry.
 */
@CommandHandler(AddToDoNotCallCommand)
export class AddToDoNotCallHandler implements ICommandHandler<AddToDoNotCallCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ phoneNumbers, entry, meta }: AddToDoNotCallCommand): Promise<AddToDoNotCallResult> {
    if (phoneNumbers.length > MAX_DNC_NUMBERS_PER_REQUEST) throw new TooManyNumbersError(MAX_DNC_NUMBERS_PER_REQUEST);
    const context = commandContext(meta, this.clock.now());
    const errors = validateDncEntry({ ...entry, now: context.now });
    if (errors.length > 0) throw new ValidationError(errors);
    const { accepted, duplicates, invalid } = partitionNumbers(new Set(), phoneNumbers);
    let added = 0;
    let position: Position | null = null;
    for (let i = 0; i < accepted.length; i += PARALLEL_APPENDS) {
      const results = await Promise.all(
        accepted.slice(i, i + PARALLEL_APPENDS).map((phoneNumber) =>
          handleNumberCommand(this.store, { type: 'AddToDoNotCall', phoneNumber, ...entry, now: context.now }, context, {
            maxRetries: NUMBER_CONFLICT_RETRIES,
          }),
        ),
      );
      for (const result of results) {
        if (result.events.length > 0) added += 1;
        position = later(position, result.position);
      }
    }
    // A number repeated within the request is listed by its first occurrence.
    return { added, alreadyListed: accepted.length - added + duplicates, invalid, position };
  }
}
