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
  /** Per campaign: the read being made, and the next one, which every outcome arriving meanwhile shares. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();

  constructor(private readonly store: EventStore) {}

  async forCampaign(campaignId: string | null): Promise<RetryPolicy> {
    if (campaignId === null) return retryPolicyInForce(null);
    await this.catchUp(campaignId);
    return retryPolicyInForce(this.known.get(campaignId)?.config ?? null);
  }

  /**
   * Outcomes come in bursts, a read of the campaign each: one read serves every outcome that asked
   * before it began — never one that began earlier, so a PATCH answered before an outcome arrived
   * is always seen by it.
   */
  private catchUp(campaignId: string): Promise<void> {
    const queued = this.queued.get(campaignId);
    if (queued) return queued;
    const after = (this.running.get(campaignId) ?? Promise.resolve()).catch(() => undefined);
    const read: Promise<void> = after.then(async () => {
      this.queued.delete(campaignId);
      this.running.set(campaignId, read);
      try {
        await this.readTail(campaignId);
      } finally {
        if (this.running.get(campaignId) === read) this.running.delete(campaignId);
      }
    });
    this.queued.set(campaignId, read);
    return read;
  }

  private async readTail(campaignId: string): Promise<void> {
    const known = this.known.get(campaignId) ?? { version: -1, config: null };
    for (const event of await readStream(this.store, campaignStream(campaignId), { from: known.version + 1 })) {
      // Only the retry policy is kept, folded the way the campaign and the dialer fold it.
      if (event.type === 'CampaignCreated') known.config = { retryPolicy: event.data.retryPolicy };
      else if (event.type === 'CampaignUpdated') known.config = known.config && applyConfigChanges(known.config, event.data);
      known.version = event.streamVersion;
    }
    this.known.set(campaignId, known);
  }
}
