import { liveCheckpoint } from '../../../src/projections/checkpoints/checkpoints.js';
import { applyBatch } from '../../../src/projections/projection-generation.js';
import { ALL_PROJECTIONS } from '../../../src/projections/projections.js';
import { campaignScript, ScriptClock } from './support/history.js';
import { catchUp, dumpReadModels, openProjectionEnv, type ProjectionEnv, waitVisible } from './support/projection-env.js';
import { readWholeLog, recountStats } from './support/recount.js';
import { scriptedHistory } from './support/scripted-history.js';

describe('read models: given events → rows', () => {
  let env: ProjectionEnv;
  let history: Awaited<ReturnType<typeof scriptedHistory>>;

  beforeAll(async () => {
    env = await openProjectionEnv();
    history = await scriptedHistory(env.store, new ScriptClock());
    await catchUp(env);
  });
  afterAll(() => env.close());

  it('projects campaigns with config, status, timestamps and stream version; deleted ones have no row', async () => {
    const rows = await env.knex('campaigns').select('*');
    expect(rows.map((r) => r.name).sort()).toEqual(['cancelled', 'done', 'paused, renamed', 'pending']);
    const paused = await env.knex('campaigns').where({ id: history.paused.id }).first();
    const events = await env.store.readStream(history.paused.stream);
    expect(paused).toMatchObject({
      status: 'paused',
      max_concurrent_calls: 2,
      version: events.length - 1,
      created_at: new Date(events[0]!.metadata.recordedAt),
      updated_at: new Date(events.at(-1)!.metadata.recordedAt),
      started_at: new Date(events.find((e) => e.type === 'CampaignStarted')!.metadata.recordedAt),
      ended_at: null,
    });
    const done = await env.knex('campaigns').where({ id: history.done.id }).first();
    expect(done.status).toBe('completed');
    expect(done.ended_at).toEqual(done.updated_at);
    expect(await env.knex('campaigns').where({ id: history.deleted.id }).first()).toBeUndefined();
  });

  it('projects one row per call with status, last outcome, attempts and next attempt', async () => {
    const retried = await env.knex('calls').where({ id: history.done.calls[1]!.callId }).first();
    expect(retried).toMatchObject({ campaign_id: history.done.id, position: 1, status: 'completed', last_outcome: 'answered', next_attempt_at: null });
    expect(retried.attempts).toEqual([
      { attempt: 1, startedAt: expect.any(String), endedAt: expect.any(String), outcome: 'busy', providerCallId: `p-${retried.id}-1` },
      { attempt: 2, startedAt: expect.any(String), endedAt: expect.any(String), outcome: 'answered', providerCallId: `p-${retried.id}-2` },
    ]);
    const single = await env.knex('calls').where({ id: history.single.callId }).first();
    expect(single).toMatchObject({ campaign_id: null, status: 'retry_scheduled', last_outcome: 'busy', next_attempt_at: new Date('2026-11-24T16:00:00.000Z') });
    const statuses = await env.knex('calls').where({ campaign_id: history.cancelled.id }).orderBy('position').pluck('status');
    expect(statuses).toEqual(['completed', 'cancelled', 'failed', 'cancelled', 'cancelled', 'cancelled']);
    const positions = await env.knex('calls').where({ campaign_id: history.paused.id }).orderBy('position').pluck('position');
    expect(positions).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps stats equal to a recount from the event log', async () => {
    const recount = await recountStats(env.store);
    const rows = await env.knex('campaign_stats').select('*');
    expect(rows).toHaveLength(recount.size);
    for (const row of rows) {
      const expected = recount.get(row.campaign_id)!;
      expect({
        total: row.total,
        pending: row.pending + row.retry_scheduled,
        inProgress: row.in_progress,
        completed: row.completed,
        failed: row.failed,
        cancelled: row.cancelled,
        skipped: row.skipped,
        retriesAttempted: row.retries_attempted,
        attempts: row.attempts,
      }).toEqual(expected);
    }
    expect(recount.get(history.done.id)).toEqual({ total: 4, pending: 0, inProgress: 0, completed: 3, failed: 1, cancelled: 0, skipped: 0, retriesAttempted: 1, attempts: 5 });
    expect(recount.get(history.cancelled.id)).toEqual({ total: 6, pending: 0, inProgress: 0, completed: 1, failed: 1, cancelled: 4, skipped: 0, retriesAttempted: 0, attempts: 3 });
  });

  it('changes nothing when the same events are delivered again', async () => {
    const before = await dumpReadModels(env.knex);
    const log = await readWholeLog(env.store);
    for (const projection of ALL_PROJECTIONS) {
      await env.knex.transaction(async (trx) => {
        const live = await liveCheckpoint(trx, projection.name, true);
        expect(await applyBatch(trx, projection, live!, log)).toBe(0);
      });
    }
    expect(await dumpReadModels(env.knex)).toEqual(before);
  });

  it('applies only the unseen part of a batch that overlaps the checkpoint', async () => {
    const before = await readWholeLog(env.store);
    const more = campaignScript(env.store, new ScriptClock('2026-11-25T10:00:00.000Z'));
    await more.created({ name: 'late' });
    await more.numbersAdded(3);
    await waitVisible(env);
    const log = await readWholeLog(env.store);
    for (const projection of ALL_PROJECTIONS) {
      await env.knex.transaction(async (trx) => {
        const live = await liveCheckpoint(trx, projection.name, true);
        expect(await applyBatch(trx, projection, live!, log.slice(before.length - 5))).toBe(2);
      });
    }
    expect(await env.knex('calls').where({ campaign_id: more.id }).count({ n: '*' }).first()).toEqual({ n: '3' });
    expect(await env.knex('campaign_stats').where({ campaign_id: more.id }).first()).toMatchObject({ total: 3, pending: 3 });
  });
});
