import { handleCommand } from '../command-handling/command-handler.js';
import type { AppendedEvent } from '../command-handling/command-context.js';
import type { CampaignCommand } from '../../domain/campaign/campaign.commands.js';
import { campaignStream, type CampaignEvent } from '../../domain/campaign/campaign.events.js';
import type { CampaignState } from '../../domain/campaign/campaign.state.js';
import type { Clock } from '../ports/clock.port.js';
import type { EventStore, Position } from '../ports/event-store.port.js';
import { batchingCampaignDecider } from './campaign-batching.decider.js';
import { eventIdGenerator, type CommandMeta } from './campaign-command.meta.js';

/** What every campaign command answers: enough to wait for the read model and to set the ETag. */
export type CampaignCommandResult = Readonly<{
  campaignId: string;
  /** Stream version after the command: the campaign's ETag. */
  version: number;
  /** Where the new events sit in the log; null when the command changed nothing. */
  position: Position | null;
}>;

export type RunOptions = Readonly<{
  /** From HTTP If-Match: a different stream version is a StaleVersionError (412). */
  expectedVersion?: number;
  prepare?: (command: CampaignCommand, state: CampaignState) => CampaignCommand;
}>;

export type RunOutcome = CampaignCommandResult & Readonly<{ events: ReadonlyArray<AppendedEvent<CampaignEvent>> }>;

/** Read, fold, decide, append (with conflict retry) through the generic handler, stamped with `meta`. */
export const runCampaignCommand = async (
  deps: Readonly<{ store: EventStore; clock: Clock }>,
  command: CampaignCommand,
  meta: CommandMeta,
  options: RunOptions = {},
): Promise<RunOutcome> => {
  const idGenerator = eventIdGenerator(meta);
  const result = await handleCommand(
    deps.store,
    batchingCampaignDecider(options.prepare),
    campaignStream(command.campaignId),
    command,
    {
      correlationId: meta.correlationId,
      causationId: meta.requestId,
      actor: meta.actor,
      now: deps.clock.now().toISOString(),
      ...(idGenerator ? { idGenerator } : {}),
    },
    options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion },
  );
  const version = result.nextExpectedVersion === 'no_stream' ? -1 : result.nextExpectedVersion;
  return { campaignId: command.campaignId, version, position: result.position, events: result.events };
};
