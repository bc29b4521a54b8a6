import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CampaignCommandHandler, type CampaignCommandResult } from '../campaign-command.handler.js';
import { PauseCampaignCommand } from './pause-campaign.command.js';

@CommandHandler(PauseCampaignCommand)
export class PauseCampaignHandler extends CampaignCommandHandler implements ICommandHandler<PauseCampaignCommand> {
  execute({ campaignId, meta, expectedVersion }: PauseCampaignCommand): Promise<CampaignCommandResult> {
    return this.run({ type: 'PauseCampaign', campaignId }, meta, { expectedVersion });
  }
}
