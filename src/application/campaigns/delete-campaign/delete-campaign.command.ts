import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../shared/command-meta.js';
import type { CampaignCommandResult } from '../campaign-command.handler.js';

/** Hides the campaign from queries; its events stay for audit. Not while in progress or paused. */
export class DeleteCampaignCommand extends Command<CampaignCommandResult> {
  constructor(
    readonly campaignId: string,
    readonly meta: CommandMeta,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
