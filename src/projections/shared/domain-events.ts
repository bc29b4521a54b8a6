import type { RecordedEvent } from '../../application/ports/event-store.port.js';
import type { CallEvent } from '../../domain/call/call.events.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';

const CAMPAIGN_TYPES: ReadonlySet<string> = new Set<CampaignEvent['type']>([
  'CampaignCreated',
  'CampaignUpdated',
  'CampaignNumbersAdded',
  'CampaignStarted',
  'CampaignPaused',
  'CampaignResumed',
  'CampaignCancelled',
  'CampaignCompleted',
  'CampaignFailed',
  'CampaignDeleted',
]);

const CALL_TYPES: ReadonlySet<string> = new Set<CallEvent['type']>([
  'CallScheduled',
  'CallAttempted',
  'CallAnswered',
  'CallCompleted',
  'CallFailed',
  'CallRetryScheduled',
  'CallCancelled',
]);

/** Projected facts of one event: the domain event plus where and when it was recorded. */
export type Fact<E> = Readonly<{ id: string; event: E; version: number; at: string }>;

const idIn = (stream: string, prefix: string): string | null =>
  stream.startsWith(prefix) && stream.length > prefix.length ? stream.slice(prefix.length) : null;

const factOf = <E>(event: RecordedEvent, prefix: string, types: ReadonlySet<string>): Fact<E> | null => {
  const id = idIn(event.stream, prefix);
  if (id === null || !types.has(event.type)) return null;
  // Business time of the event (metadata, set by the writer), so a rebuild reproduces the live rows.
  return { id, event: { type: event.type, data: event.data } as E, version: event.streamVersion, at: event.metadata.recordedAt };
};

/** Another stream or an unknown type (a newer writer): null, and projections skip it. */
export const campaignFact = (event: RecordedEvent): Fact<CampaignEvent> | null =>
  factOf<CampaignEvent>(event, 'campaign-', CAMPAIGN_TYPES);

export const callFact = (event: RecordedEvent): Fact<CallEvent> | null => factOf<CallEvent>(event, 'call-', CALL_TYPES);
