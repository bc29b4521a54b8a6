import type { Knex } from 'knex';
import type { CallEvent } from '../../domain/call/call.events.js';
import type { CampaignNumberRemoved } from '../../domain/campaign/campaign.events.js';
import { statusAfterNumberRemoved } from '../calls/call-status.js';
import type { Projection, TableName } from '../projection.js';
import type { Fact } from '../shared/domain-events.js';
import { applyInSegments, chunks } from '../shared/segments.js';
import { COUNTER_COLUMNS, foldCallRun, zeroCounters, type Counters, type TrackedCall } from './stats-counters.js';

export const CAMPAIGN_STATS = 'campaign_stats';
/** Status of each campaign call that has a stream; calls without one are counted pending (or cancelled) in bulk. */
export const CAMPAIGN_STATS_CALLS = 'campaign_stats_calls';

/** Incremental counters per campaign. Adding 100,000 numbers is one update, not 100,000 rows. */
export const campaignStatsProjection: Projection = {
  name: 'campaign-stats',
  version: 2,
  tables: [CAMPAIGN_STATS, CAMPAIGN_STATS_CALLS],

  async createTables(trx, table) {
    const counters = COUNTER_COLUMNS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n');
    await trx.raw(`CREATE TABLE ?? (campaign_id text PRIMARY KEY, ${counters}, campaign_cancelled boolean NOT NULL DEFAULT false)`, [
      table(CAMPAIGN_STATS),
    ]);
    const calls = table(CAMPAIGN_STATS_CALLS);
    await trx.raw('CREATE TABLE ?? (call_id text PRIMARY KEY, campaign_id text NOT NULL, status text NOT NULL)', [calls]);
    await trx.raw('CREATE INDEX ?? ON ?? (campaign_id, status)', [`${calls}_campaign_idx`, calls]);
  },

  async apply(trx, events, table) {
    const stats = table(CAMPAIGN_STATS);
    const calls = table(CAMPAIGN_STATS_CALLS);
    await applyInSegments(events, {
      calls: (facts) => applyCallRun(trx, table, facts),
      campaign: async ({ id, event }) => {
        switch (event.type) {
          case 'CampaignCreated':
            return void (await trx(stats).insert({ campaign_id: id }).onConflict('campaign_id').ignore());
          case 'CampaignNumbersAdded': {
            const n = event.data.calls.length;
            return void (await trx(stats).where({ campaign_id: id }).increment({ total: n, pending: n }));
          }
          case 'CampaignCancelled':
            await trx(stats)
              .where({ campaign_id: id })
              .update({ cancelled: trx.raw('cancelled + pending'), pending: 0, campaign_cancelled: true });
            return void (await trx(calls).where({ campaign_id: id, status: 'pending' }).update({ status: 'cancelled' }));
          case 'CampaignNumberRemoved':
            return removeNumber(trx, table, id, event.data);
          case 'CampaignDeleted':
            // The tracked calls stay: time travel to before the deletion reads which calls have streams.
            return void (await trx(stats).where({ campaign_id: id }).delete());
          default:
            return;
        }
      },
    });
  },
};

/**
 * A call without a stream was counted pending in bulk: it is tracked from now on, cancelled, so the
 * `CallScheduled` + `CallCancelled` that open its stream change nothing more.
 */
async function removeNumber(trx: Knex.Transaction, table: TableName, campaignId: string, { callId }: CampaignNumberRemoved['data']) {
  const calls = table(CAMPAIGN_STATS_CALLS);
  const tracked = await trx(calls).first<{ status: TrackedCall['status'] } | undefined>('status').where({ call_id: callId });
  const before = tracked?.status ?? 'pending';
  const after = statusAfterNumberRemoved(before);
  if (tracked && after === before) return;
  await trx(calls).insert({ call_id: callId, campaign_id: campaignId, status: after }).onConflict('call_id').merge();
  if (after === before) return;
  const delta = { ...zeroCounters(), [before]: -1, [after]: 1 };
  await addDeltas(trx, table(CAMPAIGN_STATS), new Map([[campaignId, delta]]));
}

async function applyCallRun(trx: Knex.Transaction, table: TableName, facts: readonly Fact<CallEvent>[]): Promise<void> {
  const stats = table(CAMPAIGN_STATS);
  const calls = table(CAMPAIGN_STATS_CALLS);
  const ids = [...new Set(facts.map((f) => f.id))];
  const scheduledIn = [...new Set(facts.flatMap((f) => (f.event.type === 'CallScheduled' && f.event.data.campaignId ? [f.event.data.campaignId] : [])))];
  const [trackedRows, campaignRows] = await Promise.all([
    trx(calls).select<{ call_id: string; campaign_id: string; status: TrackedCall['status'] }[]>('*').whereRaw('call_id = any(?)', [ids]),
    scheduledIn.length === 0
      ? []
      : trx(stats)
          .select<{ campaign_id: string; campaign_cancelled: boolean }[]>('campaign_id', 'campaign_cancelled')
          .whereRaw('campaign_id = any(?)', [scheduledIn]),
  ]);
  const { changed, deltas } = foldCallRun(
    {
      tracked: new Map(trackedRows.map((r) => [r.call_id, { campaignId: r.campaign_id, status: r.status }])),
      campaigns: new Map(campaignRows.map((r) => [r.campaign_id, { cancelled: r.campaign_cancelled }])),
    },
    facts,
  );
  for (const chunk of chunks(changed, 10_000)) {
    await trx.raw(TRACK_SQL, [calls, chunk.map((c) => c.id), chunk.map((c) => c.campaignId), chunk.map((c) => c.status)]);
  }
  await addDeltas(trx, stats, deltas);
}

/** One array per column: the same statement text for any number of rows, nothing for knex to build per row. */
const TRACK_SQL = `INSERT INTO ?? (call_id, campaign_id, status)
  SELECT * FROM unnest(?::text[], ?::text[], ?::text[])
  ON CONFLICT (call_id) DO UPDATE SET campaign_id = excluded.campaign_id, status = excluded.status`;

async function addDeltas(trx: Knex.Transaction, stats: string, deltas: ReadonlyMap<string, Counters>): Promise<void> {
  if (deltas.size === 0) return;
  const entries = [...deltas.entries()];
  const set = COUNTER_COLUMNS.map((c) => `${c} = s.${c} + d.${c}`).join(', ');
  const arrays = COUNTER_COLUMNS.map(() => '?::integer[]').join(', ');
  await trx.raw(`UPDATE ?? AS s SET ${set} FROM unnest(?::text[], ${arrays}) AS d(campaign_id, ${COUNTER_COLUMNS.join(', ')}) WHERE s.campaign_id = d.campaign_id`, [
    stats,
    entries.map(([id]) => id),
    ...COUNTER_COLUMNS.map((c) => entries.map(([, d]) => d[c])),
  ]);
}
