import { ProjectionLag } from '../../../src/projections/projection-lag.js';
import { pgListenToChannel } from '../../../src/infrastructure/database/pg-channel.listener.js';
import { ProjectionProgress } from '../../../src/projections/projection-progress.js';
import { ALL_PROJECTIONS } from '../../../src/projections/projections.js';
import { projectionsReadinessCheck } from '../../../src/projections/projections-readiness.js';
import { campaignScript, ScriptClock } from './support/history.js';
import { catchUp, openProjectionEnv, type ProjectionEnv, waitVisible } from './support/projection-env.js';

const names = ALL_PROJECTIONS.map((p) => p.name);

describe('read-your-writes and lag', () => {
  let env: ProjectionEnv;
  let progress: ProjectionProgress;
  const clock = new ScriptClock();

  beforeAll(async () => {
    env = await openProjectionEnv();
    progress = new ProjectionProgress(env.knex, pgListenToChannel(env.knex), names, { pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await progress.close();
    await env.close();
  });

  it('is not ready, and waitFor times out, while a projection has no live generation', async () => {
    const { position } = await campaignScript(env.store, clock).created();
    await catchUp(env, ALL_PROJECTIONS.slice(0, 2));
    const started = Date.now();
    expect(await progress.waitFor(position, 300)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const check = projectionsReadinessCheck(new ProjectionLag(env.store, env.knex, names, { cacheMs: 0 }), env.knex);
    await expect(check.run()).rejects.toThrow('no live generation: campaign-stats');
    await catchUp(env);
    await expect(check.run()).resolves.toBeDefined();
  });

  it('waitFor resolves true once every projection passed the position, false before', async () => {
    const { position } = await campaignScript(env.store, clock).created();
    expect(await progress.waitFor(position, 200)).toBe(false);
    const waiting = progress.waitFor(position, 5_000);
    await catchUp(env, ALL_PROJECTIONS.slice(0, 1));
    await catchUp(env);
    expect(await waiting).toBe(true);
    expect(await progress.waitFor(position, 1)).toBe(true);
  });

  it('serves many waiters with a few checkpoint reads', async () => {
    const { position } = await campaignScript(env.store, clock).created();
    let reads = 0;
    const count = (q: { sql: string }) => void (q.sql.includes('projection_checkpoints') && q.sql.startsWith('select') && reads++);
    env.knex.on('query', count);
    try {
      const waiters = Array.from({ length: 300 }, () => progress.waitFor(position, 5_000));
      await new Promise((r) => setTimeout(r, 200));
      const beforeProjecting = reads;
      await catchUp(env);
      expect(await Promise.all(waiters)).toEqual(waiters.map(() => true));
      expect(beforeProjecting).toBeLessThan(20);
    } finally {
      env.knex.off('query', count);
    }
  });

  it('counts events behind up to a cap and reports seconds behind', async () => {
    await catchUp(env);
    const lag = new ProjectionLag(env.store, env.knex, names, { cap: 10, cacheMs: 0 });
    expect((await lag.measure()).map((r) => [r.name, r.eventsBehind, r.secondsBehind])).toEqual(names.map((n) => [n, 0, 0]));
    const campaign = campaignScript(env.store, clock);
    await campaign.created();
    for (let i = 0; i < 3; i++) await campaign.numbersAdded(1);
    await catchUp(env, ALL_PROJECTIONS.slice(0, 1));
    await waitVisible(env);
    const behind = await lag.measure();
    expect(behind.map((r) => [r.name, r.eventsBehind, r.eventsBehindCapped])).toEqual([
      ['campaigns', 0, false],
      ['calls', 4, false],
      ['campaign-stats', 4, false],
      ['do-not-call', 4, false],
    ]);
    expect(behind[1]!.secondsBehind).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) await campaign.numbersAdded(1);
    await waitVisible(env);
    const check = projectionsReadinessCheck(lag, env.knex);
    expect(await check.run()).toEqual({
      projections: [
        expect.objectContaining({ name: 'campaigns', eventsBehind: 10, generation: 1 }),
        expect.objectContaining({ name: 'calls', eventsBehind: '10+' }),
        expect.objectContaining({ name: 'campaign-stats', eventsBehind: '10+' }),
        expect.objectContaining({ name: 'do-not-call', eventsBehind: '10+' }),
      ],
    });
  });
});
