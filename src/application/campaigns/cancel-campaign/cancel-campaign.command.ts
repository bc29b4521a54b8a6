import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../shared/command-meta.js';
import type { CampaignCommandResult } from '../campaign-command.handler.js';

/** Ends the campaign: pending calls are cancelled, calls in flight finish. */
export class CancelCampaignCommand extends Command<CampaignCommandResult> {
  constructor(
    readonly campaignId: string,
    readonly reason: string | null,
    readonly meta: CommandMeta,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
