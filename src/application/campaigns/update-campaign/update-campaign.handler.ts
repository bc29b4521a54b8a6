import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CampaignConfig } from '../../../domain/campaign/campaign-config.js';
import type { CampaignCommand } from '../../../domain/campaign/campaign.commands.js';
import type { CampaignState } from '../../../domain/campaign/campaign.state.js';
import { CLOCK, type Clock } from '../../ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port.js';
import { runCampaignCommand, type CampaignCommandResult } from '../campaign-command.runner.js';
import { UpdateCampaignCommand, type CampaignConfigPatch } from './update-campaign.command.js';

const defined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Merged against the state the decider sees, so a retried conflict merges into the fresh config. */
export const mergePatch = (patch: CampaignConfigPatch, current: CampaignConfig | null): Partial<CampaignConfig> => {
  const changes: Partial<Record<keyof CampaignConfig, unknown>> = defined({
    name: patch.name,
    maxConcurrentCalls: patch.maxConcurrentCalls,
  });
  if (patch.schedule !== undefined) changes.schedule = { ...current?.schedule, ...defined(patch.schedule) };
  if (patch.retryPolicy !== undefined) changes.retryPolicy = { ...current?.retryPolicy, ...defined(patch.retryPolicy) };
  return changes as Partial<CampaignConfig>;
};

const prepare =
  (patch: CampaignConfigPatch) =>
  (command: CampaignCommand, state: CampaignState): CampaignCommand =>
    command.type !== 'UpdateCampaign'
      ? command
      : { ...command, changes: mergePatch(patch, state.status === 'initial' ? null : state.config) };

@CommandHandler(UpdateCampaignCommand)
export class UpdateCampaignHandler implements ICommandHandler<UpdateCampaignCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ campaignId, patch, meta, expectedVersion }: UpdateCampaignCommand): Promise<CampaignCommandResult> {
    const { events: _events, ...result } = await runCampaignCommand(
      { store: this.store, clock: this.clock },
      { type: 'UpdateCampaign', campaignId, changes: {} },
      meta,
      { prepare: prepare(patch), ...(expectedVersion === undefined ? {} : { expectedVersion }) },
    );
    return result;
  }
}
