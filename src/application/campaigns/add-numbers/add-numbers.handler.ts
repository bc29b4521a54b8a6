import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignStream, type CampaignEvent } from '../../../domain/campaign/campaign.events.js';
import type { CampaignCall } from '../../../domain/campaign/campaign-call-list.js';
import { partitionNumberEntries } from '../../../domain/phone/number-entry.js';
import { readStream } from '../../events/event-reader.js';
import type { CommandMeta } from '../../shared/command-meta.js';
import { callIdFor } from '../campaign-call-id.js';
import { CampaignCommandHandler } from '../campaign-command.handler.js';
import { inSlices } from '../in-slices.js';
import { assertWithinNumbersLimit } from '../numbers-limit.js';
import { AddNumbersCommand, type AddNumbersResult } from './add-numbers.command.js';

const callsIn = (events: readonly CampaignEvent[]): number =>
  events.reduce((sum, e) => sum + (e.type === 'CampaignNumbersAdded' ? e.data.calls.length : 0), 0);

@CommandHandler(AddNumbersCommand)
export class AddNumbersHandler extends CampaignCommandHandler implements ICommandHandler<AddNumbersCommand> {
  async execute({ campaignId, phoneNumbers, meta }: AddNumbersCommand): Promise<AddNumbersResult> {
    assertWithinNumbersLimit(phoneNumbers.length);
    // Duplicates against the campaign are the decider's to drop, on the state it appends against;
    // numbers accepted from earlier slices are this request's own repeats.
    const seen = new Set<string>();
    const calls: CampaignCall[] = [];
    const invalid: Array<{ value: unknown; reason: string }> = [];
    let duplicates = 0;
    await inSlices(phoneNumbers, (slice) => {
      const part = partitionNumberEntries(seen, slice);
      for (const entry of part.accepted) {
        seen.add(entry.phoneNumber);
        calls.push({ callId: callIdFor(campaignId, entry.phoneNumber), ...entry });
      }
      duplicates += part.duplicates;
      invalid.push(...part.invalid);
    });
    const { events, ...result } = await this.runWithEvents({ type: 'AddNumbers', campaignId, calls }, meta);
    const added = events.length > 0 ? callsIn(events) : await this.addedEarlierBy(campaignId, meta);
    return { ...result, added, duplicates: duplicates + calls.length - added, invalid };
  }

  /**
   * An idempotent retry whose first attempt appended but crashed before answering: the numbers are
   * in the stream now, so the decider adds nothing; the first attempt's events (same causation) say
   * what it added, and the answer is the one the first attempt would have given.
   */
  private async addedEarlierBy(campaignId: string, meta: CommandMeta): Promise<number> {
    if (!meta.deterministic) return 0;
    const events = await readStream(this.store, campaignStream(campaignId));
    return callsIn(events.filter((e) => e.metadata.causationId === meta.requestId));
  }
}
