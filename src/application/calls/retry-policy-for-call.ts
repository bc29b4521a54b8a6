import { applyConfigChanges, retryPolicyInForce } from '../../domain/campaign/campaign-config-change.js';
import type { CampaignConfig, RetryPolicy } from '../../domain/campaign/campaign-config.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { readStream } from '../events/event-reader.js';
import type { EventStore } from '../ports/event-store.port.js';

type Known = { version: number; config: Pick<CampaignConfig, 'retryPolicy'> | null };

/**
 * The policy in force when an outcome arrives: the campaign's current one (a PATCH applies to future
 * decisions), the default for single calls and for a campaign stream that cannot be found (rather
 * than losing the outcome). A campaign stream carries every number it was given, so re-folding it
 * per webhook made each outcome cost as much as the campaign is large: each campaign is read once,
 * and afterwards only its newer events (usually none) are.
 */
export class RetryPolicies {
  private readonly known = new Map<string, Known>();

  constructor(private readonly store: EventStore) {}

  async forCampaign(campaignId: string | null): Promise<RetryPolicy> {
    if (campaignId === null) return retryPolicyInForce(null);
    const known = this.known.get(campaignId) ?? { version: -1, config: null };
    for (const event of await readStream(this.store, campaignStream(campaignId), { from: known.version + 1 })) {
      // Only the retry policy is kept, folded the way the campaign and the dialer fold it.
      if (event.type === 'CampaignCreated') known.config = { retryPolicy: event.data.retryPolicy };
      else if (event.type === 'CampaignUpdated') known.config = known.config && applyConfigChanges(known.config, event.data);
      known.version = event.streamVersion;
    }
    this.known.set(campaignId, known);
    return retryPolicyInForce(known.config);
  }
}
