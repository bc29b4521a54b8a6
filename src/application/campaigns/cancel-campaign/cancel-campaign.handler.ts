import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port.js';
import { runCampaignCommand, type CampaignCommandResult } from '../campaign-command.runner.js';
import { CancelCampaignCommand } from './cancel-campaign.command.js';

@CommandHandler(CancelCampaignCommand)
export class CancelCampaignHandler implements ICommandHandler<CancelCampaignCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ campaignId, reason, meta, expectedVersion }: CancelCampaignCommand): Promise<CampaignCommandResult> {
    const { events: _events, ...result } = await runCampaignCommand(
      { store: this.store, clock: this.clock },
      { type: 'CancelCampaign', campaignId, reason },
      meta,
      expectedVersion === undefined ? {} : { expectedVersion },
    );
    return result;
  }
}
