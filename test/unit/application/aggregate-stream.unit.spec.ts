import { randomUUID } from 'node:crypto';
import { aggregateStream } from '../../../src/application/command-handling/aggregate-stream.js';
import { handleCampaignCommand } from '../../../src/application/command-handling/domain-handlers.js';
import { campaignDecider } from '../../../src/domain/campaign/campaign.decider.js';
import { campaignStream } from '../../../src/domain/campaign/campaign.events.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { validConfig } from '../../support/campaign-config.fixtures.js';
import { call } from '../domain/campaign.fixtures.js';

describe('aggregateStream', () => {
  it('folds a missing stream to the initial state', async () => {
    const result = await aggregateStream(new InMemoryEventStore(), campaignDecider, campaignStream(randomUUID()));
    expect(result).toEqual({ state: { status: 'initial' }, version: 'no_stream' });
  });

  it('folds only the events recorded up to asOf', async () => {
    let clock = new Date('2026-11-24T10:00:00.000Z');
    const store = new InMemoryEventStore(() => clock);
    const campaignId = randomUUID();
    const ctx = { correlationId: 'c', causationId: 'c', actor: 't', now: clock.toISOString() };
    await handleCampaignCommand(
      store,
      { type: 'CreateCampaign', campaignId, config: validConfig(), calls: [call('+14155550101')] },
      ctx,
    );
    clock = new Date('2026-11-24T11:00:00.000Z');
    await handleCampaignCommand(store, { type: 'StartCampaign', campaignId }, ctx);

    const stream = campaignStream(campaignId);
    const asOf = (iso: string) => aggregateStream(store, campaignDecider, stream, { asOf: new Date(iso) });
    expect(await asOf('2026-11-24T09:59:59.999Z')).toEqual({ state: { status: 'initial' }, version: 'no_stream' });
    expect(await asOf('2026-11-24T10:30:00.000Z')).toMatchObject({ state: { status: 'pending' }, version: 1 });
    expect(await asOf('2026-11-24T11:00:00.000Z')).toMatchObject({ state: { status: 'in_progress' }, version: 2 });
  });
});
