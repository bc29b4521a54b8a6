import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CampaignCommandHandler, type CampaignCommandResult } from '../campaign-command.handler.js';
import { DeleteCampaignCommand } from './delete-campaign.command.js';

@CommandHandler(DeleteCampaignCommand)
export class DeleteCampaignHandler extends CampaignCommandHandler implements ICommandHandler<DeleteCampaignCommand> {
  execute({ campaignId, meta, expectedVersion }: DeleteCampaignCommand): Promise<CampaignCommandResult> {
    return this.run({ type: 'DeleteCampaign', campaignId }, meta, { expectedVersion });
  }
}
