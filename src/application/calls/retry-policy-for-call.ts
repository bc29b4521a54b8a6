import { upcast } from '../command-handling/upcasters.js';
import { DEFAULT_RETRY_POLICY, type CampaignConfig, type RetryPolicy } from '../../domain/campaign/campaign-config.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { type EventStore, StreamNotFoundError } from '../ports/event-store.port.js';

type Known = { version: number; policy: RetryPolicy };

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
    if (campaignId === null) return DEFAULT_RETRY_POLICY;
    const known = this.known.get(campaignId) ?? { version: -1, policy: DEFAULT_RETRY_POLICY };
    try {
      const events = await this.store.readStream(campaignStream(campaignId), { from: known.version + 1 });
      for (const event of events.map(upcast)) {
        const changed = ['CampaignCreated', 'CampaignUpdated'].includes(event.type)
          ? (event.data as Partial<CampaignConfig>).retryPolicy
          : undefined;
        known.policy = changed ?? known.policy;
        known.version = event.streamVersion;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    this.known.set(campaignId, known);
    return known.policy;
  }
}
