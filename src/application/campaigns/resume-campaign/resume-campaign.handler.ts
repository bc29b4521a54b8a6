import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port.js';
import { runCampaignCommand, type CampaignCommandResult } from '../campaign-command.runner.js';
import { ResumeCampaignCommand } from './resume-campaign.command.js';

@CommandHandler(ResumeCampaignCommand)
export class ResumeCampaignHandler implements ICommandHandler<ResumeCampaignCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ campaignId, meta, expectedVersion }: ResumeCampaignCommand): Promise<CampaignCommandResult> {
    const { events: _events, ...result } = await runCampaignCommand(
      { store: this.store, clock: this.clock },
      { type: 'ResumeCampaign', campaignId },
      meta,
      expectedVersion === undefined ? {} : { expectedVersion },
    );
    return result;
  }
}
