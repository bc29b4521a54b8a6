import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '../../shared/command-meta.js';
import type { CampaignCommandResult } from '../campaign-command.handler.js';

export type AddNumbersResult = CampaignCommandResult &
  Readonly<{
    added: number;
    /** Repeated within the request or already in the campaign. */
    duplicates: number;
    invalid: ReadonlyArray<{ value: unknown; reason: string }>;
  }>;

/** `phoneNumbers` are raw, as the client sent them: each is validated and reported on its own. */
export class AddNumbersCommand extends Command<AddNumbersResult> {
  constructor(
    readonly campaignId: string,
    readonly phoneNumbers: readonly unknown[],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
