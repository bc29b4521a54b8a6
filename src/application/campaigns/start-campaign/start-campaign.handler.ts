import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port.js';
import { runCampaignCommand, type CampaignCommandResult } from '../campaign-command.runner.js';
import { StartCampaignCommand } from './start-campaign.command.js';

@CommandHandler(StartCampaignCommand)
export class StartCampaignHandler implements ICommandHandler<StartCampaignCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ campaignId, meta, expectedVersion }: StartCampaignCommand): Promise<CampaignCommandResult> {
    const { events: _events, ...result } = await runCampaignCommand(
      { store: this.store, clock: this.clock },
      { type: 'StartCampaign', campaignId },
      meta,
      expectedVersion === undefined ? {} : { expectedVersion },
    );
    return result;
  }
}
