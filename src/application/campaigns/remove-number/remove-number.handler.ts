import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignStream } from '../../../domain/campaign/campaign.events.js';
import { NotFoundError } from '../../../domain/shared/errors.js';
import { readStream } from '../../events/event-reader.js';
import { commandContext } from '../../shared/command-meta.js';
import { CampaignCommandHandler } from '../campaign-command.handler.js';
import { cancelRemovedCall } from './removed-call.js';
import { RemoveNumberCommand, type RemoveNumberResult } from './remove-number.command.js';

/**
 * Records the removal on the campaign first (the dialer then never picks the call again), then
 * settles the call on its own stream. A retried request whose first try stopped between the two
 * finds the removal recorded and finishes the second step.
 */
@CommandHandler(RemoveNumberCommand)
export class RemoveNumberHandler extends CampaignCommandHandler implements ICommandHandler<RemoveNumberCommand> {
  async execute({ campaignId, phoneNumber, meta }: RemoveNumberCommand): Promise<RemoveNumberResult> {
    const { events, ...result } = await this.runWithEvents({ type: 'RemoveNumber', campaignId, phoneNumber }, meta);
    const removal = events.find((e) => e.type === 'CampaignNumberRemoved') ?? (await this.earlierRemoval(campaignId, phoneNumber));
    const call = { campaignId, callId: removal.data.callId, phoneNumber };
    // Random event ids: ids derived from an Idempotency-Key are the campaign events'; the cancel is idempotent anyway.
    const context = { ...commandContext(meta, this.clock.now()), idGenerator: undefined };
    const fate = await cancelRemovedCall(this.store, call, context);
    return { ...result, callId: call.callId, call: fate };
  }

  private async earlierRemoval(campaignId: string, phoneNumber: string) {
    const events = await readStream(this.store, campaignStream(campaignId));
    const removal = events.find((e) => e.type === 'CampaignNumberRemoved' && e.data.phoneNumber === phoneNumber);
    if (removal?.type !== 'CampaignNumberRemoved') throw new NotFoundError(`number ${phoneNumber} is not in campaign ${campaignId}`);
    return removal;
  }
}
