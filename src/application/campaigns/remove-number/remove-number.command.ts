import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../shared/command-meta.js';
import type { CampaignCommandResult } from '../campaign-command.handler.js';

/** What became of the number's call: `cancelled` now, `in_flight` (finishes, then is not retried), or it had `ended`. */
export type RemovedCallFate = 'cancelled' | 'in_flight' | 'ended';

export type RemoveNumberResult = CampaignCommandResult & Readonly<{ callId: string; call: RemovedCallFate }>;

/** Takes one number out of a campaign; `phoneNumber` is E.164, normalized at the edge. */
export class RemoveNumberCommand extends Command<RemoveNumberResult> {
  constructor(
    readonly campaignId: string,
    readonly phoneNumber: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
