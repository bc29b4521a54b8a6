import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CampaignCommandHandler, type CampaignCommandResult } from '../campaign-command.handler.js';
import { UpdateCampaignCommand } from './update-campaign.command.js';

/** The decider merges the patch into the state it decides on, so a retried conflict merges into the fresh config. */
@CommandHandler(UpdateCampaignCommand)
export class UpdateCampaignHandler extends CampaignCommandHandler implements ICommandHandler<UpdateCampaignCommand> {
  execute({ campaignId, patch, meta, expectedVersion }: UpdateCampaignCommand): Promise<CampaignCommandResult> {
    return this.run({ type: 'UpdateCampaign', campaignId, changes: patch }, meta, { expectedVersion });
  }
}
