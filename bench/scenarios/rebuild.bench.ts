import { randomUUID } from 'node:crypto';
import { currentSchemaVersion } from '../../src/application/events/upcasters.js';
import type { EventStore, NewEvent, Position } from '../../src/application/ports/event-store.port.js';
import { createPostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { buildGeneration, buildGenerations } from '../../src/projections/projection-generation.js';
import { callsProjection } from '../../src/projections/calls/calls.projection.js';
import { campaignStatsProjection } from '../../src/projections/campaign-stats/campaign-stats.projection.js';
import { campaignsProjection } from '../../src/projections/campaigns/campaigns.projection.js';
import { createBenchDatabase } from '../support/fresh-database.js';
import { ordinaryNumbers } from '../support/phone-numbers.js';
import { param, type Measurement, type Scenario } from '../support/scenario.js';
import { runPool, timed } from '../support/timing.js';

const PROJECTIONS = [campaignsProjection, callsProjection, campaignStatsProjection];
const BATCH = 2_000;

const START = Date.parse('2026-11-24T14:00:00.000Z');
const newEvent = (type: string, data: Record<string, unknown>, at: number): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { correlationId: randomUUID(), causationId: randomUUID(), actor: 'bench', recordedAt: new Date(START + at).toISOString(), schemaVersion: currentSchemaVersion(type) },
});

/**
 * A log of about `events` events shaped like production: campaigns of `perCampaign` numbers added in
 * one event, started, and each call scheduled, attempted and completed (one in ten failed).
 */
const writeLog = async (store: EventStore, events: number, perCampaign: number): Promise<number> => {
  const campaigns = Math.max(1, Math.round(events / (3 * perCampaign)));
  let written = 0;
  for (let c = 0; c < campaigns; c += 1) {
    const campaignId = randomUUID();
    const calls = ordinaryNumbers(perCampaign, c * perCampaign).map((phoneNumber) => ({ callId: randomUUID(), phoneNumber }));
    const config = {
      name: `rebuild ${c}`,
      schedule: { timezone: 'America/New_York', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' }], blackoutDates: [] },
      maxConcurrentCalls: 10,
      retryPolicy: { maxRetries: 0, initialDelayMs: 60_000, backoffMultiplier: 2, maxDelayMs: 3_600_000 },
      recipientHours: { start: '08:00', end: '21:00' },
      complianceRules: 'builtin',
      subject: 'renewals',
      weight: 1,
    };
    await store.appendToStream(
      `campaign-${campaignId}`,
      [newEvent('CampaignCreated', { campaignId, ...config }, 0), newEvent('CampaignNumbersAdded', { calls }, 1), newEvent('CampaignStarted', {}, 2)],
      { expectedVersion: 'no_stream' },
    );
    written += 3;
    await runPool(calls.length, 64, async (i) => {
      const { callId, phoneNumber } = calls[i]!;
      const at = 10_000 + i * 10;
      const outcome =
        i % 10 === 0
          ? newEvent('CallFailed', { attempt: 1, outcome: 'busy', providerCallId: `p-${callId}`, willRetry: false }, at + 5)
          : newEvent('CallCompleted', { attempt: 1, providerCallId: `p-${callId}`, durationMs: 3_000 }, at + 5);
      await store.appendToStream(
        `call-${callId}`,
        [newEvent('CallScheduled', { callId, campaignId, phoneNumber }, at), newEvent('CallAttempted', { attempt: 1 }, at + 1), outcome],
        { expectedVersion: 'no_stream' },
      );
    });
    written += calls.length * 3;
  }
  return written;
};

/** The physical limit of a rebuild: reading the whole log in the batches a build reads. */
const readLog = async (store: EventStore): Promise<number> => {
  let position: Position | null = null;
  let events = 0;
  for (;;) {
    const batch = await store.readAll(position ? { fromPosition: position, limit: BATCH } : { limit: BATCH });
    if (batch.length === 0) return events;
    events += batch.length;
    position = batch.at(-1)!.position;
  }
};

export const rebuildScenario: Scenario = {
  name: 'rebuild',
  summary: 'issue 13: rebuild the campaigns, calls and campaign-stats projections from a 100,000-event log',
  params: { events: 100_000, perCampaign: 1_000 },
  run: async (params) => {
    const db = await createBenchDatabase();
    const store = createPostgresEventStore({ knex: db.knex });
    try {
      const written = await writeLog(store, param(params, 'events'), param(params, 'perCampaign'));
      await db.knex.raw('VACUUM ANALYZE events');
      const read = await timed(() => readLog(store));
      // What the CLI does: one read of the log feeding every projection.
      const shared = await timed(() => buildGenerations(store, db.knex, PROJECTIONS));
      const applied = shared.result.reduce((sum, r) => sum + r.events, 0);
      // Same-run comparison, as before the shared read: one projection after another, each reading the whole log.
      const perProjection: Record<string, { events: number; ms: number }> = {};
      const oneByOne = await timed(async () => {
        for (const projection of PROJECTIONS) {
          const built = await timed(() => buildGeneration(store, db.knex, projection));
          perProjection[projection.name] = { events: built.result.events, ms: built.ms };
        }
      });
      const appliedOneByOne = Object.values(perProjection).reduce((sum, p) => sum + p.events, 0);
      // A quarantined event is one the log shape got wrong: the figure would measure the poison path.
      const quarantined = (await db.knex('projection_quarantine').count<{ n: string }[]>('* as n'))[0]?.n ?? 0;
      if (Number(quarantined) > 0) {
        const sample = await db.knex('projection_quarantine').first();
        throw new Error(`${quarantined} events quarantined, e.g. ${JSON.stringify(sample).slice(0, 600)}`);
      }
      const readRate = { name: 'reading the log alone (batches of 2,000)', value: (read.result / read.ms) * 1000 };
      const measurements: Measurement[] = [
        // The `projections rebuild` CLI's figure: events applied by every projection over the wall time.
        { name: `rebuild ${PROJECTIONS.length} projections, one read: events/s (CLI's figure)`, value: (applied / shared.ms) * 1000, unit: 'events/s', baseline: readRate },
        { name: 'rebuild: log events/s (log ÷ wall time)', value: (written / shared.ms) * 1000, unit: 'events/s', baseline: readRate },
        { name: 'rebuild: wall time', value: shared.ms, unit: 'ms' },
        { name: 'one projection after another: events/s (same figure)', value: (appliedOneByOne / oneByOne.ms) * 1000, unit: 'events/s', baseline: readRate },
        ...PROJECTIONS.map((p) => ({ name: `  ${p.name} alone`, value: (perProjection[p.name]!.events / perProjection[p.name]!.ms) * 1000, unit: 'events/s', baseline: readRate })),
        { name: 'baseline: reading the log alone', value: readRate.value, unit: 'events/s' },
      ];
      return { measurements, details: { events: written, readMs: read.ms, rebuildMs: shared.ms, oneByOneMs: oneByOne.ms, perProjection } };
    } finally {
      await store.close();
      await db.drop();
    }
  },
};
