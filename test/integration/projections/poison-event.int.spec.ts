import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { pgListenToChannel } from '../../../src/infrastructure/database/pg-channel.listener.js';
import { ProjectionLag } from '../../../src/projections/projection-lag.js';
import { ProjectionProgress } from '../../../src/projections/projection-progress.js';
import { ProjectionRunner } from '../../../src/projections/projection-runner.js';
import type { Projection } from '../../../src/projections/projection.js';
import { POISON_ATTEMPTS } from '../../../src/projections/quarantine/apply-or-quarantine.js';
import { projectionStatus } from '../../../src/projections/projection-status.js';
import { registerQuarantineGauge } from '../../../src/projections/quarantine/quarantine-metrics.js';
import { ALL_PROJECTIONS } from '../../../src/projections/projections.js';
import { projectionsReadinessCheck } from '../../../src/projections/projections-readiness.js';
import { campaignScript, ScriptClock } from './support/history.js';
import { openProjectionEnv, type ProjectionEnv } from './support/projection-env.js';

/** Breaks every projector that reads a campaign's numbers: `calls` must be a list. */
const forgeNumbersAddedWithoutCalls = (env: ProjectionEnv, campaignId: string) =>
  env.store.appendToStream(
    `campaign-${campaignId}`,
    [{
      id: randomUUID(),
      type: 'CampaignNumbersAdded',
      data: { calls: 42 },
      metadata: { correlationId: 'forged', causationId: 'forged', actor: 'forger', recordedAt: new Date().toISOString(), schemaVersion: 1 },
    }],
    { expectedVersion: 'any' },
  );

describe('a poison event', () => {
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

  it('is quarantined and the projections go on with the events after it', async () => {
    const campaign = campaignScript(env.store, new ScriptClock());
    await campaign.created();
    await campaign.numbersAdded(2);
    const forged = await forgeNumbersAddedWithoutCalls(env, campaign.id);
    const runners = ALL_PROJECTIONS.map((p) => new ProjectionRunner(env.store, env.knex, p, { maxBackoffMs: 100 }));
    try {
      for (const runner of runners) await runner.start();
      const after = await campaign.started();
      expect(await progress.waitFor(after.position, 20_000)).toBe(true);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }

    expect(await env.knex('campaigns').where({ id: campaign.id }).first()).toMatchObject({ status: 'in_progress' });
    expect(await env.knex('campaign_stats').where({ campaign_id: campaign.id }).first()).toMatchObject({ total: 2 });

    const quarantined = await env.knex('projection_quarantine').orderBy('projection');
    expect(quarantined.length).toBeGreaterThan(0);
    for (const row of quarantined) {
      expect(row).toMatchObject({
        stream: `campaign-${campaign.id}`,
        stream_version: forged.nextExpectedVersion,
        event_type: 'CampaignNumbersAdded',
        error: expect.any(String),
      });
    }
    const names = quarantined.map((r: { projection: string }) => r.projection);

    // Visible where operators look: status, readiness, metrics.
    const status = await projectionStatus(env.store, env.knex, ALL_PROJECTIONS);
    for (const s of status) expect(s.quarantined).toHaveLength(names.includes(s.name) ? 1 : 0);
    const lag = new ProjectionLag(env.store, env.knex, ALL_PROJECTIONS.map((p) => p.name), { cacheMs: 0 });
    const ready = (await projectionsReadinessCheck(lag, env.knex).run()) as { projections: Array<{ name: string; quarantined: number }> };
    for (const p of ready.projections) expect(p.quarantined).toBe(names.includes(p.name) ? 1 : 0);
    const registry = new Registry();
    registerQuarantineGauge(registry, env.knex);
    const metric = await registry.getSingleMetricAsString('dialstream_projection_quarantined_events');
    for (const name of names) expect(metric).toContain(`dialstream_projection_quarantined_events{projection="${name}"} 1`);
  }, 60_000);

  it('is not what a database failure makes of an event: that batch is retried, nothing quarantined', async () => {
    const campaign = campaignScript(env.store, new ScriptClock());
    await campaign.created();
    const before = await env.knex('projection_quarantine').count({ n: '*' }).first();
    let failures = 0;
    const flaky = ALL_PROJECTIONS.map((p): Projection => ({
      ...p,
      createTables: (trx, table) => p.createTables(trx, table),
      apply: async (trx, events, table) => {
        if (failures++ < 4 * POISON_ATTEMPTS) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        await p.apply(trx, events, table);
      },
    }));
    const runners = flaky.map((p) => new ProjectionRunner(env.store, env.knex, p, { maxBackoffMs: 50 }));
    try {
      for (const runner of runners) await runner.start();
      const after = await campaign.numbersAdded(2);
      expect(await progress.waitFor(after.position, 20_000)).toBe(true);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    expect(failures).toBeGreaterThan(4 * POISON_ATTEMPTS);
    expect(await env.knex('campaign_stats').where({ campaign_id: campaign.id }).first()).toMatchObject({ total: 2 });
    expect(await env.knex('projection_quarantine').count({ n: '*' }).first()).toEqual(before);
  }, 60_000);
});
