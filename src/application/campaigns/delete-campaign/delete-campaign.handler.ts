import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../ports/event-store.port.js';
import { runCampaignCommand, type CampaignCommandResult } from '../campaign-command.runner.js';
import { DeleteCampaignCommand } from './delete-campaign.command.js';

@CommandHandler(DeleteCampaignCommand)
export class DeleteCampaignHandler implements ICommandHandler<DeleteCampaignCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ campaignId, meta, expectedVersion }: DeleteCampaignCommand): Promise<CampaignCommandResult> {
    const { events: _events, ...result } = await runCampaignCommand(
      { store: this.store, clock: this.clock },
      { type: 'DeleteCampaign', campaignId },
      meta,
      expectedVersion === undefined ? {} : { expectedVersion },
    );
    return result;
  }
}
