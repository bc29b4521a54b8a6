import type { RecordedEvent } from '../../application/ports/event-store.port.js';

/** What a run of the log touched: campaigns by their stream, calls by theirs (with the campaign when the event names it). */
export type LiveChanges = { campaigns: Set<string>; calls: Set<string>; callCampaigns: Map<string, string> };

export const noChanges = (): LiveChanges => ({ campaigns: new Set(), calls: new Set(), callCampaigns: new Map() });

const idOf = (stream: string, category: string): string | null => (stream.startsWith(`${category}-`) ? stream.slice(category.length + 1) : null);

/** Pure: folds events into the set of campaigns and calls whose views they may have changed. */
export function collectChanges(changes: LiveChanges, events: readonly RecordedEvent[]): LiveChanges {
  for (const event of events) {
    const campaignId = idOf(event.stream, 'campaign') ?? idOf(event.stream, 'dialer');
    if (campaignId !== null && campaignId !== 'single') changes.campaigns.add(campaignId);
    const callId = idOf(event.stream, 'call');
    if (callId === null) continue;
    changes.calls.add(callId);
    const named = event.data['campaignId'];
    if (typeof named === 'string') changes.callCampaigns.set(callId, named);
  }
  return changes;
}
