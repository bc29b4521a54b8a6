import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCallCommand } from '../command-handling/domain-handlers.js';
import { CLOCK, systemClock, type Clock } from '../ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port.js';
import { RecordCallAnsweredCommand } from './record-call-answered.command.js';

/** Idempotent by the call decider: a repeated or late `answered` appends nothing. */
@CommandHandler(RecordCallAnsweredCommand)
export class RecordCallAnsweredHandler implements ICommandHandler<RecordCallAnsweredCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async execute({ report, context }: RecordCallAnsweredCommand): Promise<{ recorded: boolean }> {
    const now = this.clock.now().toISOString();
    const result = await handleCallCommand(this.store, { type: 'RecordAnswered', ...report }, { ...context, now });
    return { recorded: result.events.length > 0 };
  }
}
