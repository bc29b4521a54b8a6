import { Command } from '@nestjs/cqrs';
import type { Schedule } from '../../../domain/calendar/schedule.js';
import type { RetryPolicy } from '../../../domain/campaign/campaign-config.js';
import type { CommandMeta } from '../../shared/command-meta.js';
import type { CampaignCommandResult } from '../campaign-command.handler.js';

/** A merge patch: nested objects are merged into the current config, arrays replace it. */
export type CampaignConfigPatch = Readonly<{
  name?: string;
  schedule?: Partial<Schedule>;
  maxConcurrentCalls?: number;
  retryPolicy?: Partial<RetryPolicy>;
}>;

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
