import { Command } from '@nestjs/cqrs';
import type { CampaignConfig } from '../../../domain/campaign/campaign-config.js';
import type { CommandMeta } from '../../shared/command-meta.js';
import type { CampaignCommandResult } from '../campaign-command.handler.js';

/** `config` has its defaults resolved at the edge; `phoneNumbers` are raw, as the client sent them. */
export class CreateCampaignCommand extends Command<CampaignCommandResult> {
  constructor(
    readonly campaignId: string,
    readonly config: CampaignConfig,
    readonly phoneNumbers: readonly unknown[],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
