import type { DecodedEvent } from '../../application/events/event-reader.js';
import { inCategory } from '../../application/events/event-schemas.js';
import type { CallEvent } from '../../domain/call/call.events.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';

/** Projected facts of one event: the domain event plus where and when it was recorded. */
export type Fact<E> = Readonly<{ id: string; event: E; version: number; at: string }>;

const idIn = (stream: string, prefix: string): string | null =>
  stream.startsWith(prefix) && stream.length > prefix.length ? stream.slice(prefix.length) : null;

const factOf = <E>(event: E & DecodedEvent, prefix: string): Fact<E> | null => {
  const id = idIn(event.stream, prefix);
  // Business time of the event (metadata, set by the writer), so a rebuild reproduces the live rows.
  return id === null ? null : { id, event, version: event.streamVersion, at: event.metadata.recordedAt };
};

/** Another stream's event: null, and projections skip it. */
export const campaignFact = (event: DecodedEvent): Fact<CampaignEvent> | null =>
  inCategory(event, 'campaign') ? factOf<CampaignEvent>(event, 'campaign-') : null;

export const callFact = (event: DecodedEvent): Fact<CallEvent> | null =>
  inCategory(event, 'call') ? factOf<CallEvent>(event, 'call-') : null;
