import { Inject } from '@nestjs/common';
import type { CampaignCommand } from '../../domain/campaign/campaign.commands.js';
import { campaignStream, type CampaignEvent } from '../../domain/campaign/campaign.events.js';
import type { AppendedEvent } from '../command-handling/command-context.js';
import { handleCommand } from '../command-handling/command-handler.js';
import { CLOCK, type Clock } from '../ports/clock.port.js';
import { EVENT_STORE, type EventStore, type Position } from '../ports/event-store.port.js';
import { commandContext, type CommandMeta } from '../shared/command-meta.js';
import { batchingCampaignDecider } from './campaign-batching.decider.js';

/** What every campaign command answers: enough to wait for the read model and to set the ETag. */
export type CampaignCommandResult = Readonly<{
  campaignId: string;
  /** Stream version after the command: the campaign's ETag. */
  version: number;
  /** Where the new events sit in the log; null when the command changed nothing. */
  position: Position | null;
}>;

type RunOptions = Readonly<{
  /** From HTTP If-Match: a different stream version is a StaleVersionError (412). */
  expectedVersion?: number;
}>;

type RunOutcome = CampaignCommandResult & Readonly<{ events: ReadonlyArray<AppendedEvent<CampaignEvent>> }>;

/**
 * The shape every campaign command handler shares: read, fold, decide, append (with conflict retry)
 * on the campaign's stream through the generic handler, the events stamped with the request's meta.
 */
export abstract class CampaignCommandHandler {
  constructor(
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected async run(command: CampaignCommand, meta: CommandMeta, options: RunOptions = {}): Promise<CampaignCommandResult> {
    const { events: _events, ...result } = await this.runWithEvents(command, meta, options);
    return result;
  }

  /** As `run`, also answering the events appended. */
  protected async runWithEvents(command: CampaignCommand, meta: CommandMeta, options: RunOptions = {}): Promise<RunOutcome> {
    const result = await handleCommand(
      this.store,
      batchingCampaignDecider,
      campaignStream(command.campaignId),
      command,
      commandContext(meta, this.clock.now()),
      { expectedVersion: options.expectedVersion },
    );
    const version = result.nextExpectedVersion === 'no_stream' ? -1 : result.nextExpectedVersion;
    return { campaignId: command.campaignId, version, position: result.position, events: result.events };
  }
}
