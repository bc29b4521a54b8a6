import type { Schedule, TimeWindow } from '../calendar/schedule.js';
import type { DomainEvent } from '../shared/event.js';
import type { RetryPolicy } from './campaign-config.js';
import type { CampaignCreated } from './campaign.events.js';

/**
 * Older shapes of `CampaignCreated`, kept because history is never rewritten (STYLE §9) and read
 * through the upcasters below, one step per version.
 */

/** Schema version 1: schedule fields flat, no blackout dates. */
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

/** Schema version 2: before recipient hours, compliance rules, subject and weight (issue 9). */
export type CampaignCreatedV2 = DomainEvent<
  'CampaignCreated',
  { campaignId: string; name: string; schedule: Schedule; maxConcurrentCalls: number; retryPolicy: RetryPolicy }
>;

/** A v1 campaign had no blackout dates, so none is the faithful reading. */
export const upcastCampaignCreatedV1 = (data: CampaignCreatedV1['data']): CampaignCreatedV2['data'] => ({
  campaignId: data.campaignId,
  name: data.name,
  schedule: { timezone: data.timezone, windows: data.windows, blackoutDates: [] },
  maxConcurrentCalls: data.maxConcurrentCalls,
  retryPolicy: data.retryPolicy,
});

/**
 * A v2 campaign was dialed by its own schedule only: no recipient hours, no legal rules, its own
 * frequency-cap subject, the base weight. Reading it as the new defaults would change how an
 * existing campaign dials, and what its log proves, after the fact.
 */
export const upcastCampaignCreatedV2 = (data: CampaignCreatedV2['data']): CampaignCreated['data'] => ({
  ...data,
  recipientHours: null,
  complianceRules: 'none',
  subject: data.campaignId,
  weight: 1,
});
