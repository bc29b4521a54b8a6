import { liveCheckpoint } from '../../../src/projections/checkpoints/checkpoints.js';
import { ProjectionRunner } from '../../../src/projections/projection-runner.js';
import type { Projection } from '../../../src/projections/projection.js';
import { ALL_PROJECTIONS } from '../../../src/projections/projections.js';
import { pgListenToChannel } from '../../../src/infrastructure/database/pg-channel.listener.js';
import { ProjectionProgress } from '../../../src/projections/projection-progress.js';
import { campaignScript, ScriptClock } from './support/history.js';
import { catchUp, dumpReadModels, openProjectionEnv, type ProjectionEnv } from './support/projection-env.js';
import { readWholeLog, recountStats } from './support/recount.js';
import { scriptedHistory } from './support/scripted-history.js';

/** Applies, then fails the transaction while `failing()` holds: rows written, checkpoint not moved, all rolled back. */
const crashingAfterApply = (inner: Projection, failing: () => boolean): Projection => ({
  ...inner,
  createTables: (trx, table) => inner.createTables(trx, table),
  apply: async (trx, events, table) => {
    await inner.apply(trx, events, table);
    if (failing()) throw new Error(`simulated crash after applying ${events.length} events`);
  },
});

describe('ProjectionRunner', () => {
  let env: ProjectionEnv;
  let progress: ProjectionProgress;

  beforeAll(async () => {
    env = await openProjectionEnv();
    progress = new ProjectionProgress(env.knex, pgListenToChannel(env.knex), ALL_PROJECTIONS.map((p) => p.name), { pollIntervalMs: 20 });
  });
  afterAll(async () => {
    await progress.close();
    await env.close();
  });

  it('builds a first generation, then follows new events live', async () => {
    const clock = new ScriptClock();
    const campaign = campaignScript(env.store, clock);
    const created = await campaign.created();
    const runners = ALL_PROJECTIONS.map((p) => new ProjectionRunner(env.store, env.knex, p, { maxBackoffMs: 200 }));
    try {
      for (const runner of runners) await runner.start();
      expect(await progress.waitFor(created.position, 5_000)).toBe(true);
      expect(await env.knex('campaigns').where({ id: campaign.id }).first()).toMatchObject({ status: 'pending' });
      await campaign.numbersAdded(3);
      const { position } = await campaign.started();
      expect(await progress.waitFor(position, 5_000)).toBe(true);
      expect(await env.knex('campaigns').where({ id: campaign.id }).first()).toMatchObject({ status: 'in_progress', version: 2 });
      expect(await env.knex('calls').where({ campaign_id: campaign.id }).count({ n: '*' }).first()).toEqual({ n: '3' });
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
  });

  it('loses and duplicates nothing when transactions fail between row write and checkpoint', async () => {
    const clock = new ScriptClock('2026-11-26T09:00:00.000Z');
    const history = await scriptedHistory(env.store, clock);
    let crashes = 0;
    const failing = () => crashes++ < 3;
    const runners = ALL_PROJECTIONS.map(
      (p) => new ProjectionRunner(env.store, env.knex, crashingAfterApply(p, failing), { maxBackoffMs: 50, maxBatchSize: 7 }),
    );
    try {
      for (const runner of runners) await runner.start();
      const { position } = await history.paused.resumed();
      expect(await progress.waitFor(position, 10_000)).toBe(true);
      expect(crashes).toBeGreaterThan(3);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    const live = await dumpReadModels(env.knex);
    const recount = await recountStats(env.store);
    const stats = await env.knex('campaign_stats').select('campaign_id', 'total', 'attempts', 'completed');
    for (const row of stats) {
      expect(row).toMatchObject({ total: recount.get(row.campaign_id)!.total, attempts: recount.get(row.campaign_id)!.attempts });
    }
    const log = await readWholeLog(env.store);
    for (const p of ALL_PROJECTIONS) expect((await liveCheckpoint(env.knex, p.name))?.eventsProcessed).toBe(log.length);

    // The same log projected in one go, without crashes, into a second database: identical rows.
    const clean = await openProjectionEnv();
    try {
      for (const event of log) {
        await clean.store.appendToStream(event.stream, [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }], {
          expectedVersion: 'any',
        });
      }
      await catchUp(clean, ALL_PROJECTIONS, 1_000);
      expect(await dumpReadModels(clean.knex)).toEqual(live);
    } finally {
      await clean.close();
    }
  });

  it('two runners of one projection apply each event once', async () => {
    const clock = new ScriptClock('2026-11-27T09:00:00.000Z');
    const runners = ALL_PROJECTIONS.flatMap((p) => [1, 2].map(() => new ProjectionRunner(env.store, env.knex, p, { maxBatchSize: 3 })));
    try {
      await Promise.all(runners.map((r) => r.start()));
      const campaign = campaignScript(env.store, clock);
      await campaign.created();
      await campaign.numbersAdded(4);
      await campaign.started();
      for (const call of campaign.calls) {
        await call.scheduled();
        await call.attempted(1);
      }
      const { position } = await campaign.calls[0]!.completed(1);
      expect(await progress.waitFor(position, 10_000)).toBe(true);
      expect(await env.knex('campaign_stats').where({ campaign_id: campaign.id }).first()).toMatchObject({
        total: 4,
        pending: 0,
        in_progress: 3,
        completed: 1,
        attempts: 4,
      });
      const log = await readWholeLog(env.store);
      for (const p of ALL_PROJECTIONS) expect((await liveCheckpoint(env.knex, p.name))?.eventsProcessed).toBe(log.length);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
  });

  it('stops promptly, even while backing off after failures', async () => {
    const runner = new ProjectionRunner(env.store, env.knex, crashingAfterApply(ALL_PROJECTIONS[0]!, () => true), { maxBackoffMs: 60_000 });
    await runner.start();
    await campaignScript(env.store, new ScriptClock('2026-11-28T09:00:00.000Z')).created();
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    await runner.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
