import { jest } from '@jest/globals';
import { toNewEvent } from '../../../../src/application/command-handling/command-context.js';
import { RetryPolicies } from '../../../../src/application/calls/retry-policy-for-call.js';
import { campaignStream, type CampaignEvent } from '../../../../src/domain/campaign/campaign.events.js';
import { validConfig } from '../../../support/campaign-config.fixtures.js';
import { InMemoryEventStore } from '../../../support/in-memory-event-store.js';

const context = { correlationId: 'c', causationId: 'c', actor: 'test', now: '2026-01-05T10:00:00.000Z' };
const policy = (maxRetries: number) => ({ maxRetries, initialDelayMs: 1_000, backoffMultiplier: 2, maxDelayMs: 60_000 });

const given = async (store: InMemoryEventStore, events: CampaignEvent[], expectedVersion: number | 'no_stream') =>
  store.appendToStream(campaignStream('c1'), events.map((e) => toNewEvent(e, context)), { expectedVersion });

describe('RetryPolicies: the policy in force when an outcome arrives', () => {
  it('given a burst of outcomes of one campaign, when they ask together, then one read serves them all', async () => {
    const store = new InMemoryEventStore();
    await given(store, [{ type: 'CampaignCreated', data: { campaignId: 'c1', ...validConfig({ retryPolicy: policy(2) }) } }], 'no_stream');
    const policies = new RetryPolicies(store);
    const reads = jest.spyOn(store, 'readStream');

    const answers = await Promise.all(Array.from({ length: 50 }, () => policies.forCampaign('c1')));

    expect(answers.every((p) => p.maxRetries === 2)).toBe(true);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('given a read under way, when the campaign is changed and then an outcome asks, then it waits for a read begun after it and sees the change', async () => {
    const store = new InMemoryEventStore();
    await given(store, [{ type: 'CampaignCreated', data: { campaignId: 'c1', ...validConfig({ retryPolicy: policy(2) }) } }], 'no_stream');
    const policies = new RetryPolicies(store);
    await policies.forCampaign('c1');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementationOnce(async (...args) => {
      const events = await read(...args);
      await gate;
      return events;
    });

    const early = policies.forCampaign('c1');
    await new Promise((resolve) => setImmediate(resolve));
    await given(store, [{ type: 'CampaignUpdated', data: { retryPolicy: policy(5) } }], 0);
    const late = policies.forCampaign('c1');
    release();

    expect((await early).maxRetries).toBe(2);
    expect((await late).maxRetries).toBe(5);
  });
});
