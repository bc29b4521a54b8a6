import { campaignDecider } from '../../domain/campaign/campaign.decider.js';
import type { CampaignCommand } from '../../domain/campaign/campaign.commands.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import type { CampaignState } from '../../domain/campaign/campaign.state.js';
import type { Decider } from '../../domain/shared/decider.js';

/**
 * A 100,000-number import becomes ten events of 10,000 numbers appended atomically: small enough
 * for a subscriber's batch and a projector's transaction, few enough that the stream stays short.
 */
const NUMBERS_PER_EVENT = 10_000;

const split = (event: CampaignEvent): CampaignEvent[] => {
  if (event.type !== 'CampaignNumbersAdded' || event.data.calls.length <= NUMBERS_PER_EVENT) return [event];
  const chunks: CampaignEvent[] = [];
  for (let i = 0; i < event.data.calls.length; i += NUMBERS_PER_EVENT) {
    chunks.push({ type: 'CampaignNumbersAdded', data: { calls: event.data.calls.slice(i, i + NUMBERS_PER_EVENT) } });
  }
  return chunks;
};

/** The campaign decider, its number batches split; folding the chunks gives the state the whole batch would. */
export const batchingCampaignDecider: Decider<CampaignState, CampaignCommand, CampaignEvent> = {
  initialState: campaignDecider.initialState,
  evolve: campaignDecider.evolve,
  decide: (command, state) => campaignDecider.decide(command, state).flatMap(split),
};
