import { CqrsModule, QueryBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { CLOCK } from '../../../src/application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../../src/application/ports/event-store.port.js';
import { READ_MODEL_PROGRESS, type ReadModelProgress } from '../../../src/application/ports/read-model-progress.port.js';
import {
  GetCallQuery,
  GetCampaignQuery,
  GetCampaignStatsQuery,
  GetStreamEventsQuery,
  ListCampaignCallsQuery,
  ListCampaignsQuery,
} from '../../../src/application/queries/queries.js';
import type { CampaignView } from '../../../src/application/views.js';
import { NotFoundError, ValidationError } from '../../../src/domain/shared/errors.js';
import { loadConfig } from '../../../src/infrastructure/config/app-config.js';
import { metricsRegistry } from '../../../src/infrastructure/metrics/metrics.js';
import { MetricsModule } from '../../../src/infrastructure/metrics/metrics.module.js';
import { openStores, type OpenStores } from '../../../src/infrastructure/persistence/open-stores.js';
import { PersistenceModule } from '../../../src/infrastructure/persistence/persistence.module.js';
import { PROJECTIONS_READINESS_CHECK, type ProjectionsReadinessCheck } from '../../../src/projections/projections-readiness.js';
import { ProjectionsModule } from '../../../src/projections/projections.module.js';
import type { Knex } from 'knex';
import { READ_MODELS_DB } from '../../../src/projections/projections.tokens.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { campaignScript, ScriptClock, type CampaignScript } from './support/history.js';

/** A Saturday: the fixtures' Mon–Fri 09:00–17:30 New York window is closed; it opens Monday 14:00Z. */
const saturday = new Date('2026-11-28T12:00:00.000Z');

describe('query handlers through the QueryBus', () => {
  let db: TestDatabase;
  let app: TestingModule;
  let stores: OpenStores;
  let bus: QueryBus;
  let store: EventStore;
  let progress: ReadModelProgress;
  const campaigns: CampaignScript[] = [];

  const settle = async (result: Promise<{ position: Parameters<ReadModelProgress['waitFor']>[0] }>) => {
    expect(await progress.waitFor((await result).position, 10_000)).toBe(true);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: db.url });
    stores = await openStores(config);
    app = await Test.createTestingModule({
      imports: [CqrsModule.forRoot(), PersistenceModule.forRoot(config, stores), MetricsModule, ProjectionsModule.forRoot({ runProjectors: true })],
    })
      .overrideProvider(CLOCK)
      .useValue({ now: () => saturday })
      .compile();
    await app.init();
    bus = app.get(QueryBus);
    store = app.get(EVENT_STORE);
    progress = app.get(READ_MODEL_PROGRESS);
    const clock = new ScriptClock();
    for (let i = 0; i < 5; i++) {
      const campaign = campaignScript(store, clock);
      await campaign.created({ name: `campaign ${i}` });
      campaigns.push(campaign);
    }
    await campaigns[0]!.numbersAdded(7);
    await campaigns[0]!.started();
    const first = campaigns[0]!.calls[0]!;
    await first.scheduled();
    await first.attempted(1);
    await first.failed(1, 'busy', true);
    await first.retryScheduled(2, '2026-11-30T14:00:00.000Z');
    await campaigns[1]!.started();
    await settle(campaigns[4]!.deleted());
  }, 60_000);

  afterAll(async () => {
    await app.close();
    await stores.close();
    await db.drop();
  });

  it('lists campaigns newest first across pages, without repeats, with stats', async () => {
    const seen: CampaignView[] = [];
    let cursor: string | undefined;
    do {
      const page = await bus.execute(new ListCampaignsQuery({ limit: 2, cursor }));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map((c) => c.name)).toEqual(['campaign 3', 'campaign 2', 'campaign 1', 'campaign 0']);
    expect(seen[3]!.stats).toEqual({ total: 7, pending: 7, inProgress: 0, completed: 0, failed: 0, cancelled: 0, skipped: 0, retriesAttempted: 0, attempts: 1 });
    const running = await bus.execute(new ListCampaignsQuery({ status: 'in_progress', limit: 50 }));
    expect(running.items.map((c) => c.id).sort()).toEqual([campaigns[0]!.id, campaigns[1]!.id].sort());
    await expect(bus.execute(new ListCampaignsQuery({ limit: 2, cursor: 'bm90IGEgY3Vyc29y' }))).rejects.toBeInstanceOf(ValidationError);
  });

  it('answers a campaign with its stats, version and the next window while closed', async () => {
    const view = await bus.execute(new GetCampaignQuery(campaigns[0]!.id));
    expect(view).toMatchObject({
      id: campaigns[0]!.id,
      name: 'campaign 0',
      status: 'in_progress',
      maxConcurrentCalls: 5,
      version: 2,
      nextWindowOpensAt: '2026-11-30T14:00:00.000Z',
      stats: { total: 7, pending: 7, attempts: 1 },
    });
    expect((await bus.execute(new GetCampaignQuery(campaigns[2]!.id))).nextWindowOpensAt).toBeNull();
    await expect(bus.execute(new GetCampaignQuery(campaigns[4]!.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(bus.execute(new GetCampaignQuery('no-such-campaign'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers stats, 404 for a deleted campaign', async () => {
    expect(await bus.execute(new GetCampaignStatsQuery(campaigns[2]!.id))).toEqual({
      total: 0, pending: 0, inProgress: 0, completed: 0, failed: 0, cancelled: 0, skipped: 0, retriesAttempted: 0, attempts: 0,
    });
    await expect(bus.execute(new GetCampaignStatsQuery(campaigns[4]!.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers concurrent stats requests with one statement, each its own campaign\'s, and sees a write made before it was asked', async () => {
    const knex = app.get<Knex>(READ_MODELS_DB);
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => void (/^select\b/i.test(query.sql) && query.sql.includes('campaign_stats') && statements.push(query.sql));
    knex.on('query', onQuery);
    try {
      const ids = [campaigns[0]!.id, campaigns[2]!.id, campaigns[0]!.id, campaigns[4]!.id, 'no-such-campaign'];
      const answers = await Promise.allSettled(ids.map((id) => bus.execute(new GetCampaignStatsQuery(id))));
      expect(answers.map((a) => (a.status === 'fulfilled' ? a.value.total : a.reason instanceof NotFoundError && 'not found'))).toEqual([7, 0, 7, 'not found', 'not found']);
      expect(statements).toHaveLength(1);
      const before = await bus.execute(new GetCampaignStatsQuery(campaigns[3]!.id));
      await settle(campaigns[3]!.numbersAdded(3));
      expect(await bus.execute(new GetCampaignStatsQuery(campaigns[3]!.id))).toMatchObject({ total: before.total + 3, pending: before.pending + 3 });
    } finally {
      knex.off('query', onQuery);
    }
  });

  it('lists a campaign\'s calls in the order they were added, filtered and paginated', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await bus.execute(new ListCampaignCallsQuery(campaigns[0]!.id, { limit: 3, cursor }));
      ids.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toEqual(campaigns[0]!.calls.map((c) => c.callId));
    const retrying = await bus.execute(new ListCampaignCallsQuery(campaigns[0]!.id, { status: 'retry_scheduled', limit: 50 }));
    expect(retrying).toEqual({ items: [expect.objectContaining({ id: campaigns[0]!.calls[0]!.callId })], nextCursor: null });
    expect(await bus.execute(new ListCampaignCallsQuery(campaigns[2]!.id, { limit: 50 }))).toEqual({ items: [], nextCursor: null });
    await expect(bus.execute(new ListCampaignCallsQuery('nope', { limit: 50 }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers a call with its attempts and next attempt', async () => {
    const call = await bus.execute(new GetCallQuery(campaigns[0]!.calls[0]!.callId));
    expect(call).toEqual({
      id: campaigns[0]!.calls[0]!.callId,
      campaignId: campaigns[0]!.id,
      phoneNumber: expect.stringMatching(/^\+1415/),
      status: 'retry_scheduled',
      skipReason: null,
      lastOutcome: 'busy',
      attempts: [{ attempt: 1, startedAt: expect.any(String), endedAt: expect.any(String), outcome: 'busy', providerCallId: expect.any(String) }],
      nextAttemptAt: '2026-11-30T14:00:00.000Z',
      waitingFor: 'retry_delay',
      contact: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    await expect(bus.execute(new GetCallQuery('nope'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages through a stream as recorded; a call without a stream has an empty trail', async () => {
    const first = await bus.execute(new GetStreamEventsQuery(campaigns[0]!.stream, { from: 0, limit: 2 }));
    expect(first.items.map((e) => [e.streamVersion, e.type])).toEqual([[0, 'CampaignCreated'], [1, 'CampaignNumbersAdded']]);
    expect(first.items[0]).toMatchObject({ globalPosition: expect.stringMatching(/^\d+\/\d+$/), metadata: { actor: 'projection-test' } });
    expect(first.nextCursor).toBe('2');
    const second = await bus.execute(new GetStreamEventsQuery(campaigns[0]!.stream, { from: 2, limit: 2 }));
    expect(second).toEqual({ items: [expect.objectContaining({ type: 'CampaignStarted', streamVersion: 2 })], nextCursor: null });
    const untouched = campaigns[0]!.calls[1]!.callId;
    expect(await bus.execute(new GetStreamEventsQuery(`call-${untouched}`, { from: 0, limit: 50 }))).toEqual({ items: [], nextCursor: null });
    await expect(bus.execute(new GetStreamEventsQuery('campaign-nope', { from: 0, limit: 50 }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports readiness and lag gauges', async () => {
    const check = app.get<ProjectionsReadinessCheck>(PROJECTIONS_READINESS_CHECK);
    const result = await check.run();
    expect(result).toEqual({
      projections: ['campaigns', 'calls', 'campaign-stats', 'do-not-call'].map((name) =>
        expect.objectContaining({ name, generation: 1, eventsBehind: 0, secondsBehind: 0 }),
      ),
    });
    const metrics = await metricsRegistry.metrics();
    expect(metrics).toContain('dialstream_projection_events_behind{projection="calls"} 0');
    expect(metrics).toContain('dialstream_projection_live{projection="campaign-stats"} 1');
  });
});
