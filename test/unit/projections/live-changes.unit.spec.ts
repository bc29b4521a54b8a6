import type { RecordedEvent } from '../../../src/application/ports/event-store.port.js';
import { collectChanges, noChanges } from '../../../src/projections/live/live-changes.js';

const event = (stream: string, type: string, data: Record<string, unknown> = {}): RecordedEvent => ({
  id: `${stream}-${type}`,
  stream,
  streamVersion: 0,
  position: { commit: 1n, prepare: 0n },
  type,
  data,
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: '2026-11-29T00:00:00Z', schemaVersion: 1 },
  recordedAt: new Date(0),
});

describe('which views a run of the log may have changed', () => {
  it('names campaigns by their own and their dialer stream, and calls by theirs with the campaign an event names', () => {
    const changes = collectChanges(noChanges(), [
      event('campaign-a', 'CampaignStarted'),
      event('dialer-b', 'DialStarted'),
      event('dialer-single', 'DialStarted'),
      event('call-1', 'CallScheduled', { campaignId: 'c' }),
      event('call-2', 'CallCompleted'),
      event('number-+14155550100', 'NumberAddedToDoNotCall'),
    ]);
    expect([...changes.campaigns]).toEqual(['a', 'b']);
    expect([...changes.calls]).toEqual(['1', '2']);
    expect([...changes.callCampaigns]).toEqual([['1', 'c']]);
  });
});
