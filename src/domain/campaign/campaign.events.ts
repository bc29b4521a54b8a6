import type { DomainEvent } from '../shared/event.js';
import type { CampaignConfig } from './campaign-config.js';

/** Event names are permanent (DESIGN §2); payloads change only through upcasting. */
export type CampaignCreated = DomainEvent<'CampaignCreated', { campaignId: string } & CampaignConfig>;
/** Only the fields that changed. */
export type CampaignUpdated = DomainEvent<'CampaignUpdated', Partial<CampaignConfig>>;
/** Numbers in the order they were added; a call id per number, allocated at the edge. */
export type CampaignNumbersAdded = DomainEvent<
  'CampaignNumbersAdded',
  { calls: ReadonlyArray<{ callId: string; phoneNumber: string }> }
>;
/** The number leaves the campaign: a call never dialed is cancelled, one in flight finishes and is not retried. */
export type CampaignNumberRemoved = DomainEvent<'CampaignNumberRemoved', { callId: string; phoneNumber: string }>;
export type CampaignStarted = DomainEvent<'CampaignStarted', Record<string, never>>;
export type CampaignPaused = DomainEvent<'CampaignPaused', Record<string, never>>;
export type CampaignResumed = DomainEvent<'CampaignResumed', Record<string, never>>;
export type CampaignCancelled = DomainEvent<'CampaignCancelled', { reason: string | null }>;
/** `skipped`: calls never dialed because their number is on the do-not-call list (absent: none). */
export type CampaignCompleted = DomainEvent<'CampaignCompleted', { completed: number; failed: number; skipped?: number }>;
export type CampaignFailed = DomainEvent<'CampaignFailed', { reason: string; completed: number; failed: number; skipped?: number }>;
export type CampaignDeleted = DomainEvent<'CampaignDeleted', Record<string, never>>;

export type CampaignEvent =
  | CampaignCreated
  | CampaignUpdated
  | CampaignNumbersAdded
  | CampaignNumberRemoved
  | CampaignStarted
  | CampaignPaused
  | CampaignResumed
  | CampaignCancelled
  | CampaignCompleted
  | CampaignFailed
  | CampaignDeleted;

export const campaignStream = (campaignId: string): `campaign-${string}` => `campaign-${campaignId}`;
