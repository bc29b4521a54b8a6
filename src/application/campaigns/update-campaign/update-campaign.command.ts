import { Command } from '@nestjs/cqrs';
import type { CampaignConfigPatch } from '../../../domain/campaign/campaign-config-change.js';
import type { CommandMeta } from '../../shared/command-meta.js';
import type { CampaignCommandResult } from '../campaign-command.handler.js';

export class UpdateCampaignCommand extends Command<CampaignCommandResult> {
  constructor(
    readonly campaignId: string,
    readonly patch: CampaignConfigPatch,
    readonly meta: CommandMeta,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
