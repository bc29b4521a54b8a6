import { checkpointsWithStatus, insertCheckpoint, liveCheckpoint } from '../../../src/projections/checkpoints/checkpoints.js';
import { campaignsProjection } from '../../../src/projections/campaigns/campaigns.projection.js';
import { buildGeneration, ensureLiveGeneration, ensureLiveGenerations } from '../../../src/projections/projection-generation.js';
import { callsProjection } from '../../../src/projections/calls/calls.projection.js';
import { campaignStatsProjection } from '../../../src/projections/campaign-stats/campaign-stats.projection.js';
import type { EventStore } from '../../../src/application/ports/event-store.port.js';
import { ProjectionRunner } from '../../../src/projections/projection-runner.js';
import { physicalTable } from '../../../src/projections/projection.js';
import { campaignScript, ScriptClock } from './support/history.js';
import { openProjectionEnv, type ProjectionEnv, waitVisible } from './support/projection-env.js';

const exists = async (env: ProjectionEnv, relation: string): Promise<boolean> =>
  (await env.knex.raw('SELECT to_regclass(?) AS r', [relation])).rows[0].r !== null;

describe('generations', () => {
  let env: ProjectionEnv;
  const clock = new ScriptClock();

  beforeAll(async () => {
    env = await openProjectionEnv();
    const campaign = campaignScript(env.store, clock);
    await campaign.created({ name: 'one' });
    await waitVisible(env);
  });
  afterAll(() => env.close());

  it('builds once: a second ensure, or two at once, finds the live generation', async () => {
    const results = await Promise.all([1, 2, 3].map(() => ensureLiveGeneration(env.store, env.knex, campaignsProjection)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await ensureLiveGeneration(env.store, env.knex, campaignsProjection)).toBeNull();
    expect(await env.knex('campaigns').pluck('name')).toEqual(['one']);
  });

  it('rebuilds on start when the code has a newer schema version, and an older runner refuses to write into it', async () => {
    const v2 = { ...campaignsProjection, version: campaignsProjection.version + 1 };
    const runner = new ProjectionRunner(env.store, env.knex, v2);
    await runner.start();
    await runner.stop();
    const live = await liveCheckpoint(env.knex, 'campaigns');
    expect(live).toMatchObject({ schemaVersion: campaignsProjection.version + 1, generation: 2 });
    expect(await exists(env, physicalTable('campaigns', 1))).toBe(false);

    const old = new ProjectionRunner(env.store, env.knex, campaignsProjection, { maxBackoffMs: 50 });
    await old.start();
    await campaignScript(env.store, clock).created({ name: 'two' });
    await waitVisible(env);
    await new Promise((r) => setTimeout(r, 300));
    await old.stop();
    expect((await liveCheckpoint(env.knex, 'campaigns'))?.generation).toBe(2);
    expect(await env.knex('campaigns').pluck('name')).toEqual(['one']);
  });

  it('drops a generation whose builder died before the next build', async () => {
    await env.knex.transaction(async (trx) => {
      await campaignsProjection.createTables(trx, (base) => physicalTable(base, 3));
      await insertCheckpoint(trx, { name: 'campaigns', generation: 3, schemaVersion: campaignsProjection.version + 1, status: 'building' });
    });
    const v2 = { ...campaignsProjection, version: campaignsProjection.version + 1 };
    const { generation } = await buildGeneration(env.store, env.knex, v2);
    expect(generation).toBe(4);
    expect(await exists(env, physicalTable('campaigns', 3))).toBe(false);
    expect(await checkpointsWithStatus(env.knex, 'campaigns', 'building')).toEqual([]);
    expect((await checkpointsWithStatus(env.knex, 'campaigns', 'retired')).map((c) => c.generation)).toEqual([1, 2, 3]);
    expect(await env.knex('campaigns').orderBy('name').pluck('name')).toEqual(['one', 'two']);
  });

  it('on start, builds together, from one read, only the projections with no live generation or an older schema', async () => {
    const live = (await liveCheckpoint(env.knex, 'campaigns'))!;
    const campaigns = { ...campaignsProjection, version: live.schemaVersion };
    const reads = { n: 0 };
    const counting: EventStore = Object.assign(Object.create(env.store) as EventStore, {
      readAll: (options: Parameters<EventStore['readAll']>[0]) => ((reads.n += 1), env.store.readAll(options)),
    });
    const built = await ensureLiveGenerations(counting, env.knex, [campaigns, callsProjection, campaignStatsProjection]);
    expect(built.map((b) => b?.generation ?? null)).toEqual([null, 1, 1]);
    // One page and the empty page that ends it, shared; then one look at the tail per swap.
    expect(reads.n).toBe(2 + 2);
    expect((await liveCheckpoint(env.knex, 'campaigns'))!.generation).toBe(live.generation);
    expect(await ensureLiveGenerations(counting, env.knex, [campaigns, callsProjection, campaignStatsProjection])).toEqual([null, null, null]);
  });
});
