import type { RecordedEvent } from '../ports/event-store.port.js';

export type StreamRef = Readonly<{ category: string; id: string }>;

/** `category-id`, the id itself may contain dashes (UUIDs). */
export const parseStream = (stream: string): StreamRef => {
  const dash = stream.indexOf('-');
  return dash < 0 ? { category: stream, id: '' } : { category: stream.slice(0, dash), id: stream.slice(dash + 1) };
};

/** Call events a dial's owner follows: the answer (its clocks change), an outcome, or the retry scheduled with a failure. */
export const OUTCOME_TYPES: ReadonlySet<string> = new Set(['CallAnswered', 'CallCompleted', 'CallFailed', 'CallRetryScheduled']);

/** Campaign events after which a campaign may need a dialer that nobody runs yet. */
export const WAKING_TYPES: ReadonlySet<string> = new Set(['CampaignStarted', 'CampaignResumed', 'CampaignCancelled']);

export const isSingleCallScheduled = (event: RecordedEvent): boolean =>
  event.type === 'CallScheduled' && (event.data as { campaignId?: unknown }).campaignId === null;
