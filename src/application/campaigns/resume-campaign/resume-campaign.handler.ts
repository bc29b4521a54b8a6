import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CampaignCommandHandler, type CampaignCommandResult } from '../campaign-command.handler.js';
import { ResumeCampaignCommand } from './resume-campaign.command.js';

@CommandHandler(ResumeCampaignCommand)
export class ResumeCampaignHandler extends CampaignCommandHandler implements ICommandHandler<ResumeCampaignCommand> {
  execute({ campaignId, meta, expectedVersion }: ResumeCampaignCommand): Promise<CampaignCommandResult> {
    return this.run({ type: 'ResumeCampaign', campaignId }, meta, { expectedVersion });
  }
}
