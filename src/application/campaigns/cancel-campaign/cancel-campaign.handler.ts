import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CampaignCommandHandler, type CampaignCommandResult } from '../campaign-command.handler.js';
import { CancelCampaignCommand } from './cancel-campaign.command.js';

@CommandHandler(CancelCampaignCommand)
export class CancelCampaignHandler extends CampaignCommandHandler implements ICommandHandler<CancelCampaignCommand> {
  execute({ campaignId, reason, meta, expectedVersion }: CancelCampaignCommand): Promise<CampaignCommandResult> {
    return this.run({ type: 'CancelCampaign', campaignId, reason }, meta, { expectedVersion });
  }
}
