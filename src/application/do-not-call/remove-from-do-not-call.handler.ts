import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleNumberCommand } from '../command-handling/domain-handlers.js';
import { CLOCK, type Clock } from '../ports/clock.port.js';
import { EVENT_STORE, type EventStore, type Position } from '../ports/event-store.port.js';
import { commandContext } from '../shared/command-meta.js';
import { RemoveFromDoNotCallCommand } from './do-not-call.commands.js';
import { NUMBER_CONFLICT_RETRIES } from './number-gate.js';

/** Not listed (never, removed, or expired): NotFoundError from the decider. */
@CommandHandler(RemoveFromDoNotCallCommand)
export class RemoveFromDoNotCallHandler implements ICommandHandler<RemoveFromDoNotCallCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ phoneNumber, meta }: RemoveFromDoNotCallCommand): Promise<Readonly<{ position: Position | null }>> {
    const context = commandContext(meta, this.clock.now());
    const result = await handleNumberCommand(this.store, { type: 'RemoveFromDoNotCall', phoneNumber, now: context.now }, context, {
      maxRetries: NUMBER_CONFLICT_RETRIES,
    });
    return { position: result.position };
  }
}
