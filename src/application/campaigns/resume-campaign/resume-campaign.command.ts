import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../shared/command-meta.js';
import type { CampaignCommandResult } from '../campaign-command.handler.js';

/** paused → in_progress. */
export class ResumeCampaignCommand extends Command<CampaignCommandResult> {
  constructor(
    readonly campaignId: string,
    readonly meta: CommandMeta,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
