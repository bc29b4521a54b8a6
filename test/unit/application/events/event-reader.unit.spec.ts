import { randomUUID } from 'node:crypto';
import { aggregateStream } from '../../../../src/application/command-handling/aggregate-stream.js';
import { decodeEvent, MalformedEventError, readStream } from '../../../../src/application/events/event-reader.js';
import type { NewEvent, RecordedEvent } from '../../../../src/application/ports/event-store.port.js';
import { callStream } from '../../../../src/domain/call/call.events.js';
import { campaignDecider } from '../../../../src/domain/campaign/campaign.decider.js';
import { campaignStream } from '../../../../src/domain/campaign/campaign.events.js';
import { validConfig } from '../../../support/campaign-config.fixtures.js';
import { InMemoryEventStore } from '../../../support/in-memory-event-store.js';

const stored = (type: string, data: object, schemaVersion = 1): NewEvent => ({
  id: randomUUID(),
  type,
  data: data as NewEvent['data'],
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: '2026-11-24T10:00:00.000Z', schemaVersion },
});

const given = async (stream: string, ...events: NewEvent[]) => {
  const store = new InMemoryEventStore();
  await store.appendToStream(stream, events, { expectedVersion: 'any' });
  return store;
};

const created = (campaignId: string) => ({ campaignId, ...validConfig() });

describe('the event reader', () => {
  it('reads a stream that does not exist as empty', async () => {
    expect(await readStream(new InMemoryEventStore(), campaignStream(randomUUID()))).toEqual([]);
  });

  it('upcasts a stored older shape before checking it (CampaignCreated v1: flat schedule)', async () => {
    const id = randomUUID();
    const { name, schedule, maxConcurrentCalls, retryPolicy } = validConfig();
    const v1 = { campaignId: id, name, timezone: schedule.timezone, windows: schedule.windows, maxConcurrentCalls, retryPolicy };
    const store = await given(campaignStream(id), stored('CampaignCreated', v1, 1));

    const [event] = await readStream(store, campaignStream(id));
    expect(event).toMatchObject({
      type: 'CampaignCreated',
      streamVersion: 0,
      data: { schedule: { timezone: schedule.timezone, windows: schedule.windows, blackoutDates: [] } },
      metadata: { schemaVersion: 3 },
    });
  });

  it('rejects a malformed payload naming the event, its stream, version and the field', async () => {
    const id = randomUUID();
    const { schedule: _dropped, ...withoutSchedule } = created(id);
    const broken = { ...created(id), schedule: { ...validConfig().schedule, timezone: 42 } };
    const store = await given(campaignStream(id), stored('CampaignCreated', created(id), 3), stored('CampaignCreated', broken, 3));

    const error = await readStream(store, campaignStream(id)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedEventError);
    expect((error as MalformedEventError).message).toMatch(
      new RegExp(`^CampaignCreated v3 at campaign-${id}@1 .*schedule\\.timezone: .*expected string`),
    );
    expect((error as MalformedEventError).event).toMatchObject({ stream: campaignStream(id), streamVersion: 1, type: 'CampaignCreated' });

    const missing = await given(campaignStream(id), stored('CampaignCreated', withoutSchedule, 3));
    await expect(readStream(missing, campaignStream(id))).rejects.toThrow(/schedule: .*expected object/);
  });

  it('fails a fold on a malformed event instead of folding a guess', async () => {
    const id = randomUUID();
    const store = await given(campaignStream(id), stored('CampaignCreated', created(id), 3), stored('CampaignUpdated', { maxConcurrentCalls: '7' }));
    await expect(aggregateStream(store, campaignDecider, campaignStream(id))).rejects.toThrow(
      /CampaignUpdated v1 at campaign-.*@1 .*maxConcurrentCalls: .*expected number/,
    );
  });

  it('rejects a type this code does not know, and an event in another category’s stream', async () => {
    const id = randomUUID();
    await expect(readStream(await given(campaignStream(id), stored('CampaignRenamed', {})), campaignStream(id))).rejects.toThrow(
      /unknown event type CampaignRenamed/,
    );
    await expect(readStream(await given(campaignStream(id), stored('CallAttempted', { attempt: 1 })), campaignStream(id))).rejects.toThrow(
      /a CallAttempted does not belong in campaign-/,
    );
  });

  it('keeps fields a newer writer added to a payload', async () => {
    const id = randomUUID();
    const [event] = await readStream(await given(callStream(id), stored('CallAttempted', { attempt: 1, inputs: { cap: 3 } })), callStream(id));
    expect(event!.data).toEqual({ attempt: 1, inputs: { cap: 3 } });
  });

  it('decodes one recorded event on its own, as subscribers get them', async () => {
    const id = randomUUID();
    const store = await given(callStream(id), stored('CallRetryScheduled', { attempt: 1, dueAt: null }));
    const [recorded] = await store.readStream(callStream(id));
    expect(() => decodeEvent(recorded as RecordedEvent)).toThrow(/CallRetryScheduled v1 at call-.*@0 .*dueAt: .*expected string/);
  });
});
