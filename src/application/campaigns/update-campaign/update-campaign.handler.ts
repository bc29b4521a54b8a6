import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CampaignConfig } from '../../../domain/campaign/campaign-config.js';
import type { CampaignCommand } from '../../../domain/campaign/campaign.commands.js';
import type { CampaignState } from '../../../domain/campaign/campaign.state.js';
import { CampaignCommandHandler, type CampaignCommandResult } from '../campaign-command.handler.js';
import { UpdateCampaignCommand, type CampaignConfigPatch } from './update-campaign.command.js';

const defined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Merged against the state the decider sees, so a retried conflict merges into the fresh config. */
const mergePatch = (patch: CampaignConfigPatch, current: CampaignConfig | null): Partial<CampaignConfig> => {
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
export class UpdateCampaignHandler extends CampaignCommandHandler implements ICommandHandler<UpdateCampaignCommand> {
  execute({ campaignId, patch, meta, expectedVersion }: UpdateCampaignCommand): Promise<CampaignCommandResult> {
    return this.run({ type: 'UpdateCampaign', campaignId, changes: {} }, meta, { prepare: prepare(patch), expectedVersion });
  }
}
