import { checkpointsWithStatus, liveCheckpoint } from '../../../src/projections/checkpoints/checkpoints.js';
import { findCallView, listCampaignCallViews } from '../../../src/projections/calls/call.queries.js';
import { findCampaignStats } from '../../../src/projections/campaign-stats/campaign-stats.queries.js';
import { findCampaignView, listCampaignViews } from '../../../src/projections/campaigns/campaign.queries.js';
import type { EventStore } from '../../../src/application/ports/event-store.port.js';
import { buildGenerations } from '../../../src/projections/projection-generation.js';
import { pgListenToChannel } from '../../../src/infrastructure/database/pg-channel.listener.js';
import { ProjectionProgress } from '../../../src/projections/projection-progress.js';
import { ProjectionRunner } from '../../../src/projections/projection-runner.js';
import { ALL_PROJECTIONS } from '../../../src/projections/projections.js';
import { campaignScript, ScriptClock } from './support/history.js';
import { catchUp, dumpReadModels, lastAppended, openProjectionEnv, type ProjectionEnv } from './support/projection-env.js';
import { readWholeLog } from './support/recount.js';
import { scriptedHistory } from './support/scripted-history.js';

const now = new Date('2026-11-24T15:00:00.000Z');

describe('rebuild', () => {
  let env: ProjectionEnv;
  let progress: ProjectionProgress;
  let runners: ProjectionRunner[];
  let histories: Array<Awaited<ReturnType<typeof scriptedHistory>>>;

  beforeAll(async () => {
    env = await openProjectionEnv();
    progress = new ProjectionProgress(env.knex, pgListenToChannel(env.knex), ALL_PROJECTIONS.map((p) => p.name), { pollIntervalMs: 20 });
    runners = ALL_PROJECTIONS.map((p) => new ProjectionRunner(env.store, env.knex, p));
    for (const runner of runners) await runner.start();
    const clock = new ScriptClock();
    histories = [];
    for (let i = 0; i < 3; i++) histories.push(await scriptedHistory(env.store, clock));
    // Bulk, so that the rebuild takes long enough for the query loop to run across it.
    for (let i = 0; i < 5; i++) {
      const campaign = campaignScript(env.store, clock);
      await campaign.created({ name: `bulk ${i}` });
      await campaign.numbersAdded(2_000);
      await campaign.started();
      for (const call of campaign.calls.slice(0, 60)) {
        await call.scheduled();
        await call.attempted(1);
        await call.completed(1);
      }
    }
    const head = await lastAppended(env.knex);
    expect(await progress.waitFor(head!, 20_000)).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await progress.close();
    await env.close();
  });

  /** Runs every query until stopped; each answer must be sane whichever generation served it. */
  const queryLoop = (expectedDone: string) => {
    let stop = false;
    const answers = { ok: 0, failures: [] as unknown[] };
    const done = (async () => {
      while (!stop) {
        try {
          const list = await listCampaignViews(env.knex, { limit: 500 }, now);
          expect(list.items.filter((c) => c.name.startsWith('bulk')).length).toBe(5);
          const campaign = await findCampaignView(env.knex, expectedDone, now);
          expect(campaign?.status).toBe('completed');
          expect(campaign?.stats).toMatchObject({ total: 4, completed: 3, failed: 1, attempts: 5 });
          expect(await findCampaignStats(env.knex, expectedDone)).toMatchObject({ total: 4, completed: 3 });
          const calls = await listCampaignCallViews(env.knex, expectedDone, { limit: 2 });
          expect(calls.items).toHaveLength(2);
          expect(await findCallView(env.knex, calls.items[0]!.id)).toMatchObject({ status: 'completed' });
          answers.ok += 1;
        } catch (error) {
          answers.failures.push(error);
        }
      }
    })();
    return { answers, stop: async () => ((stop = true), await done) };
  };

  it('produces tables identical to the live ones from one read of the log, while queries keep answering', async () => {
    const live = await dumpReadModels(env.knex);
    const generations = await Promise.all(ALL_PROJECTIONS.map(async (p) => (await liveCheckpoint(env.knex, p.name))!.generation));
    const pages = { read: 0 };
    const counting: EventStore = Object.assign(Object.create(env.store) as EventStore, {
      readAll: (options: Parameters<EventStore['readAll']>[0]) => ((pages.read += 1), env.store.readAll(options)),
    });
    const loop = queryLoop(histories[0]!.done.id);
    const started = Date.now();
    const builds = await buildGenerations(counting, env.knex, ALL_PROJECTIONS, { batchSize: 200 });
    const ms = Date.now() - started;
    await loop.stop();
    expect(loop.answers.failures).toEqual([]);
    expect(loop.answers.ok).toBeGreaterThan(10);
    expect(await dumpReadModels(env.knex)).toEqual(live);
    const logEvents = builds[0]!.events;
    expect(builds.map((b) => b.events)).toEqual(ALL_PROJECTIONS.map(() => logEvents));
    // Every page once for all (plus the empty page that ends it), then one look at the tail per swap.
    expect(pages.read).toBe(Math.ceil(logEvents / 200) + 1 + ALL_PROJECTIONS.length);
    for (const [i, p] of ALL_PROJECTIONS.entries()) {
      expect((await liveCheckpoint(env.knex, p.name))!.generation).toBe(generations[i]! + 1);
      const old = await env.knex.raw('SELECT to_regclass(?) AS t', [`${p.tables[0]}_g${generations[i]}`]);
      expect(old.rows[0].t).toBeNull();
    }
    console.log(`rebuild: ${logEvents * builds.length} events in ${ms} ms (batch 200, ${loop.answers.ok} query rounds meanwhile)`);
  }, 120_000);

  it('misses nothing appended while it runs: the live runner follows the new generation after the swap', async () => {
    const clock = new ScriptClock('2026-12-01T09:00:00.000Z');
    let appending = true;
    const appender = (async () => {
      while (appending) {
        const campaign = campaignScript(env.store, clock);
        await campaign.created({ name: 'during rebuild' });
        await campaign.numbersAdded(3);
        await campaign.started();
        await campaign.calls[0]!.scheduled();
        await campaign.calls[0]!.attempted(1);
      }
    })();
    const loop = queryLoop(histories[1]!.done.id);
    await buildGenerations(env.store, env.knex, ALL_PROJECTIONS, { batchSize: 200 });
    appending = false;
    await appender;
    await loop.stop();
    expect(loop.answers.failures).toEqual([]);
    const head = await lastAppended(env.knex);
    expect(await progress.waitFor(head!, 20_000)).toBe(true);
    const during = await env.knex('campaigns').where({ name: 'during rebuild' }).count({ n: '*' }).first();
    expect(Number(during!.n)).toBeGreaterThan(0);

    const clean = await openProjectionEnv();
    try {
      for (const e of await readWholeLog(env.store)) {
        await clean.store.appendToStream(e.stream, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], { expectedVersion: 'any' });
      }
      await catchUp(clean, ALL_PROJECTIONS, 1_000);
      expect(await dumpReadModels(env.knex)).toEqual(await dumpReadModels(clean.knex));
    } finally {
      await clean.close();
    }
    for (const p of ALL_PROJECTIONS) expect(await checkpointsWithStatus(env.knex, p.name, 'building')).toEqual([]);
  }, 120_000);
});
