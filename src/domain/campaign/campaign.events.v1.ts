import type { TimeWindow } from '../calendar/schedule.js';
import type { DomainEvent } from '../shared/event.js';
import type { RetryPolicy } from './campaign-config.js';
import type { CampaignCreated } from './campaign.events.js';

/**
 * `CampaignCreated` as first written (schema version 1): schedule fields flat, no blackout dates.
 * Kept because history is never rewritten (STYLE §9); read through `upcastCampaignCreatedV1`.
 */
export type CampaignCreatedV1 = DomainEvent<
  'CampaignCreated',
  {
    campaignId: string;
    name: string;
    timezone: string;
    windows: readonly TimeWindow[];
    maxConcurrentCalls: number;
    retryPolicy: RetryPolicy;
  }
>;

/** A v1 campaign had no blackout dates, so none is the faithful reading. */
export const upcastCampaignCreatedV1 = (data: CampaignCreatedV1['data']): CampaignCreated['data'] => ({
  campaignId: data.campaignId,
  name: data.name,
  schedule: { timezone: data.timezone, windows: data.windows, blackoutDates: [] },
  maxConcurrentCalls: data.maxConcurrentCalls,
  retryPolicy: data.retryPolicy,
});
