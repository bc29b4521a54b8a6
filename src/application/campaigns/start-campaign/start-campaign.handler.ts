import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CampaignCommandHandler, type CampaignCommandResult } from '../campaign-command.handler.js';
import { StartCampaignCommand } from './start-campaign.command.js';

@CommandHandler(StartCampaignCommand)
export class StartCampaignHandler extends CampaignCommandHandler implements ICommandHandler<StartCampaignCommand> {
  execute({ campaignId, meta, expectedVersion }: StartCampaignCommand): Promise<CampaignCommandResult> {
    return this.run({ type: 'StartCampaign', campaignId }, meta, { expectedVersion });
  }
}
