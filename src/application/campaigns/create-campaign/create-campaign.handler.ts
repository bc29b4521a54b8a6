import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CampaignCall } from '../../../domain/campaign/campaign-call-list.js';
import { type NumberEntry, parseNumberEntry } from '../../../domain/phone/number-entry.js';
import { ValidationError, type FieldError } from '../../../domain/shared/errors.js';
import { callIdFor } from '../campaign-call-id.js';
import { CampaignCommandHandler, type CampaignCommandResult } from '../campaign-command.handler.js';
import { assertWithinNumbersLimit } from '../numbers-limit.js';
import { inSlices } from '../in-slices.js';
import { CreateCampaignCommand } from './create-campaign.command.js';

/**
 * Unlike an import into an existing campaign, a create with any invalid number is rejected whole
 * (400, each bad number in `details`): nothing is half-written and the client fixes its list once.
 * Repeated numbers are dropped.
 */
const toCalls = async (campaignId: string, raw: readonly unknown[]) => {
  const invalid: FieldError[] = [];
  const entries = new Map<string, NumberEntry>();
  await inSlices(raw, (slice, offset) =>
    slice.forEach((value, i) => {
      const result = parseNumberEntry(value);
      if (!result.ok) invalid.push({ field: `phoneNumbers[${offset + i}]`, message: `${JSON.stringify(value)}: ${result.reason}` });
      else if (!entries.has(result.value.phoneNumber)) entries.set(result.value.phoneNumber, result.value);
    }),
  );
  if (invalid.length > 0) throw new ValidationError(invalid);
  const calls: CampaignCall[] = [];
  await inSlices([...entries.values()], (slice) => {
    for (const entry of slice) calls.push({ callId: callIdFor(campaignId, entry.phoneNumber), ...entry });
  });
  return calls;
};

@CommandHandler(CreateCampaignCommand)
export class CreateCampaignHandler extends CampaignCommandHandler implements ICommandHandler<CreateCampaignCommand> {
  async execute({ campaignId, config, phoneNumbers, meta }: CreateCampaignCommand): Promise<CampaignCommandResult> {
    assertWithinNumbersLimit(phoneNumbers.length);
    const calls = await toCalls(campaignId, phoneNumbers);
    return this.run({ type: 'CreateCampaign', campaignId, config, calls }, meta);
  }
}
