import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v5 as uuidv5 } from 'uuid';
import { normalizePhoneNumber } from '../../domain/phone/phone-number.js';
import { ValidationError } from '../../domain/shared/errors.js';
import { handleCallCommand } from '../command-handling/domain-handlers.js';
import { CLOCK, type Clock } from '../ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port.js';
import { commandContext, type CommandMeta } from '../shared/command-meta.js';
import { ScheduleSingleCallCommand, type ScheduledCall } from './schedule-single-call.command.js';

const SINGLE_CALL_ID_NAMESPACE = '9d3c2f4a-6b1e-4f8a-8c2d-7e5a1b3c9f60';

/**
 * A request retried under its Idempotency-Key (deterministic meta) names the same call, so a crash
 * between the append and the response can never place the call twice.
 */
const callIdFor = (meta: CommandMeta): string =>
  meta.deterministic ? uuidv5(`${meta.requestId}/single-call`, SINGLE_CALL_ID_NAMESPACE) : randomUUID();

@CommandHandler(ScheduleSingleCallCommand)
export class ScheduleSingleCallHandler implements ICommandHandler<ScheduleSingleCallCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ phoneNumber, meta }: ScheduleSingleCallCommand): Promise<ScheduledCall> {
    const normalized = normalizePhoneNumber(phoneNumber);
    if (!normalized.ok) throw new ValidationError([{ field: 'phoneNumber', message: normalized.reason }]);
    const callId = callIdFor(meta);
    const result = await handleCallCommand(
      this.store,
      { type: 'ScheduleCall', callId, campaignId: null, phoneNumber: normalized.value },
      commandContext(meta, this.clock.now()),
    );
    return { callId, status: 'pending', position: result.position };
  }
}
