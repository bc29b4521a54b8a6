import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../../src/application/command-handling/command-context.js';
import { handleCommand, StaleVersionError } from '../../../src/application/command-handling/command-handler.js';
import { handleCampaignCommand } from '../../../src/application/command-handling/domain-handlers.js';
import {
  ConcurrencyError,
  type EventStore,
  type NewEvent,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../../../src/application/ports/event-store.port.js';
import { listCalls } from '../../../src/domain/campaign/campaign-call-list.js';
import { campaignDecider } from '../../../src/domain/campaign/campaign.decider.js';
import { campaignStream } from '../../../src/domain/campaign/campaign.events.js';
import { NotFoundError } from '../../../src/domain/shared/errors.js';
import { InMemoryEventStore } from '../../support/in-memory-event-store.js';
import { validConfig } from '../../support/campaign-config.fixtures.js';
import { call } from '../domain/campaign.fixtures.js';

const NOW = '2026-11-24T14:00:00.000Z';
const context = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: 'api-key:test',
  now: NOW,
  ...overrides,
});

/** Runs `between` once per read, after the read and before the handler appends: a concurrent writer. */
class InterleavingStore extends InMemoryEventStore {
  reads = 0;
  between: ((store: EventStore, read: number) => Promise<void>) | null = null;
  override async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await super.readStream(stream, options);
    this.reads += 1;
    await this.between?.(this, this.reads);
    return events;
  }
}

const create = (campaignId: string, calls = [call('+14155550101')]) =>
  ({ type: 'CreateCampaign', campaignId, config: validConfig(), calls }) as const;

const foreignEvent = (type: string, data: object): NewEvent => ({
  id: randomUUID(),
  type,
  data: data as NewEvent['data'],
  metadata: { correlationId: 'other', causationId: 'other', actor: 'other', recordedAt: NOW, schemaVersion: 1 },
});

describe('handleCommand', () => {
  it('creates the stream, stamps metadata and ids on every event and returns the state after them', async () => {
    const store = new InMemoryEventStore();
    const campaignId = randomUUID();
    const ids = ['e-1', 'e-2'];
    const ctx = context({ idGenerator: () => ids.shift()! });
    const result = await handleCampaignCommand(store, create(campaignId), ctx);

    expect(result.events.map((e) => [e.id, e.type, e.metadata.schemaVersion])).toEqual([
      ['e-1', 'CampaignCreated', 3],
      ['e-2', 'CampaignNumbersAdded', 1],
    ]);
    expect(result.nextExpectedVersion).toBe(1);
    expect(result.position).toEqual({ commit: 1n, prepare: 1n });
    expect(result.state).toMatchObject({ status: 'pending', campaignId });
    const stored = await store.readStream(campaignStream(campaignId));
    expect(stored.map((e) => e.id)).toEqual(['e-1', 'e-2']);
    expect(stored[0]!.metadata).toEqual({
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      actor: 'api-key:test',
      recordedAt: NOW,
      schemaVersion: 3,
    });
  });

  it('appends after the version it read and appends nothing when the decision is a no-op', async () => {
    const store = new InMemoryEventStore();
    const campaignId = randomUUID();
    await handleCampaignCommand(store, create(campaignId), context());
    const started = await handleCampaignCommand(store, { type: 'StartCampaign', campaignId }, context());
    expect(started.nextExpectedVersion).toBe(2);
    const again = await handleCampaignCommand(store, { type: 'StartCampaign', campaignId }, context());
    expect(again).toMatchObject({ events: [], nextExpectedVersion: 2, position: null, state: { status: 'in_progress' } });
    expect(await store.readStream(campaignStream(campaignId))).toHaveLength(3);
  });

  it('lets a domain error through and stores nothing', async () => {
    const store = new InMemoryEventStore();
    const campaignId = randomUUID();
    await expect(handleCampaignCommand(store, { type: 'StartCampaign', campaignId }, context())).rejects.toThrow(
      NotFoundError,
    );
    expect(await store.headPosition()).toBeNull();
  });

  it('re-decides on fresh state after a concurrent append, with fresh event ids', async () => {
    const store = new InterleavingStore();
    const campaignId = randomUUID();
    const stream = campaignStream(campaignId);
    let n = 0;
    await handleCampaignCommand(store, create(campaignId), context());
    store.reads = 0;
    // Another writer adds +14155550102 between our first read and our append.
    store.between = async (s, read) => {
      if (read === 1) {
        const calls = [call('+14155550102')];
        await s.appendToStream(stream, [foreignEvent('CampaignNumbersAdded', { calls })], { expectedVersion: 1 });
      }
    };
    const result = await handleCampaignCommand(
      store,
      { type: 'AddNumbers', campaignId, calls: [call('+14155550102'), call('+14155550103')] },
      context({ idGenerator: () => `id-${(n += 1)}` }),
    );
    expect(store.reads).toBe(2);
    expect(result.events.map((e) => e.id)).toEqual(['id-2']);
    expect(result.events[0]).toMatchObject({ type: 'CampaignNumbersAdded', data: { calls: [{ phoneNumber: '+14155550103' }] } });
    expect(result.nextExpectedVersion).toBe(3);
    if (result.state.status === 'initial') throw new Error('expected a campaign');
    expect(listCalls(result.state.calls).map((c) => c.phoneNumber)).toEqual(['+14155550101', '+14155550102', '+14155550103']);
  });

  it('gives up after maxRetries conflicts and throws the last ConcurrencyError', async () => {
    const store = new InterleavingStore();
    const campaignId = randomUUID();
    const stream = campaignStream(campaignId);
    await handleCampaignCommand(store, create(campaignId), context());
    const before = store.reads;
    store.between = async (s) => {
      await s.appendToStream(stream, [foreignEvent('CampaignUpdated', { name: randomUUID() })], { expectedVersion: 'any' });
    };
    await expect(
      handleCampaignCommand(store, { type: 'UpdateCampaign', campaignId, changes: { maxConcurrentCalls: 9 } }, context()),
    ).rejects.toThrow(ConcurrencyError);
    expect(store.reads - before).toBe(4); // the first try and 3 retries
    store.reads = 0;
    await expect(
      handleCampaignCommand(store, { type: 'UpdateCampaign', campaignId, changes: { maxConcurrentCalls: 8 } }, context(), {
        maxRetries: 1,
      }),
    ).rejects.toThrow(ConcurrencyError);
    expect(store.reads).toBe(2);
  });

  it('honours an expected version from the caller and reports a stale one without retrying', async () => {
    const store = new InterleavingStore();
    const campaignId = randomUUID();
    await handleCampaignCommand(store, create(campaignId), context());
    const ok = await handleCampaignCommand(store, { type: 'StartCampaign', campaignId }, context(), { expectedVersion: 1 });
    expect(ok.nextExpectedVersion).toBe(2);

    store.reads = 0;
    const stale = handleCampaignCommand(store, { type: 'PauseCampaign', campaignId }, context(), { expectedVersion: 1 });
    await expect(stale).rejects.toThrow(StaleVersionError);
    await expect(stale).rejects.toMatchObject({ expected: 1, actual: 2 });
    expect(store.reads).toBe(1);
  });

  it('turns a conflict behind a matching expected version into StaleVersionError, without retrying', async () => {
    const store = new InterleavingStore();
    const campaignId = randomUUID();
    await handleCampaignCommand(store, create(campaignId), context());
    store.reads = 0;
    store.between = async (s) => {
      await s.appendToStream(campaignStream(campaignId), [foreignEvent('CampaignUpdated', { name: 'x' })], {
        expectedVersion: 'any',
      });
    };
    const error = await handleCampaignCommand(store, { type: 'StartCampaign', campaignId }, context(), {
      expectedVersion: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleVersionError);
    expect((error as StaleVersionError).cause).toBeInstanceOf(ConcurrencyError);
    expect(store.reads).toBe(1);
  });

  it('folds stored v1 events through the upcasters', async () => {
    const store = new InMemoryEventStore();
    const campaignId = randomUUID();
    const { name, schedule, maxConcurrentCalls, retryPolicy } = validConfig();
    const v1 = { campaignId, name, timezone: schedule.timezone, windows: schedule.windows, maxConcurrentCalls, retryPolicy };
    await store.appendToStream(campaignStream(campaignId), [foreignEvent('CampaignCreated', v1)], { expectedVersion: 'no_stream' });
    const result = await handleCommand(
      store,
      campaignDecider,
      campaignStream(campaignId),
      { type: 'UpdateCampaign', campaignId, changes: { schedule: { ...schedule, blackoutDates: [] } } },
      context(),
    );
    expect(result.events).toEqual([]); // v1 had no blackout dates: upcast as [], so nothing changed
    expect(result.state).toMatchObject({ config: { schedule: { timezone: schedule.timezone, blackoutDates: [] } } });
  });
});
