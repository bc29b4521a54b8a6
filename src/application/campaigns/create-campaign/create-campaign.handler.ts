import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normalizePhoneNumber } from '../../../domain/phone/phone-number.js';
import { ValidationError, type FieldError } from '../../../domain/shared/errors.js';
import { CLOCK, type Clock } from '../../ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port.js';
import { callIdFor } from '../campaign-command.meta.js';
import { runCampaignCommand, type CampaignCommandResult } from '../campaign-command.runner.js';
import { assertWithinNumbersLimit } from '../numbers-limit.js';
import { CreateCampaignCommand } from './create-campaign.command.js';

/**
 * Unlike an import into an existing campaign, a create with any invalid number is rejected whole
 * (400, each bad number in `details`): nothing is half-written and the client fixes its list once.
 * Repeated numbers are dropped.
 */
const toCalls = (campaignId: string, raw: readonly unknown[]) => {
  const invalid: FieldError[] = [];
  const numbers = new Set<string>();
  raw.forEach((value, i) => {
    const result = normalizePhoneNumber(value);
    if (result.ok) numbers.add(result.value);
    else invalid.push({ field: `phoneNumbers[${i}]`, message: `${JSON.stringify(value)}: ${result.reason}` });
  });
  if (invalid.length > 0) throw new ValidationError(invalid);
  return [...numbers].map((phoneNumber) => ({ callId: callIdFor(campaignId, phoneNumber), phoneNumber }));
};

@CommandHandler(CreateCampaignCommand)
export class CreateCampaignHandler implements ICommandHandler<CreateCampaignCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ campaignId, config, phoneNumbers, meta }: CreateCampaignCommand): Promise<CampaignCommandResult> {
    assertWithinNumbersLimit(phoneNumbers.length);
    const calls = toCalls(campaignId, phoneNumbers);
    const { events: _events, ...result } = await runCampaignCommand(
      { store: this.store, clock: this.clock },
      { type: 'CreateCampaign', campaignId, config, calls },
      meta,
    );
    return result;
  }
}
