import { campaignDecider } from '../../domain/campaign/campaign.decider.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../domain/campaign/campaign-config.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { aggregateStream } from '../command-handling/aggregate-stream.js';
import type { EventStore } from '../ports/event-store.port.js';

/**
 * The policy in force when an outcome arrives: the campaign's current one (a PATCH applies to future
 * decisions), the default for single calls. A campaign stream that cannot be found also gets the
 * default rather than losing the outcome.
 */
export const retryPolicyForCall = async (store: EventStore, campaignId: string | null): Promise<RetryPolicy> => {
  if (campaignId === null) return DEFAULT_RETRY_POLICY;
  const { state } = await aggregateStream(store, campaignDecider, campaignStream(campaignId));
  return state.status === 'initial' ? DEFAULT_RETRY_POLICY : state.config.retryPolicy;
};
