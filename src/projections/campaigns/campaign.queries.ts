import type { Knex } from 'knex';
import { WAITING_REASONS, type CampaignStats, type CampaignStatus, type CampaignView, type Page, type WaitingCounts } from '../../application/views.js';
import { isOpenAt, nextOpeningAfter } from '../../domain/calendar/calendar.js';
import { CALLS } from '../calls/call-record.js';
import { CAMPAIGN_STATS } from '../campaign-stats/campaign-stats.projection.js';
import { statsFromJson } from '../campaign-stats/campaign-stats.queries.js';
import type { Counters } from '../campaign-stats/stats-counters.js';
import { decodeCursor, isInstantIdKey } from '../shared/cursor.js';
import { clampLimit, toPage } from '../shared/page.js';
import { CAMPAIGNS, fromCampaignRecord, type CampaignRecord } from './campaign-record.js';
import type { CampaignRow } from './campaign-row.js';

/** When an in_progress campaign waiting for its window will dial again; null while open or not running. */
export const nextWindowOpensAt = (row: CampaignRow, now: Date): string | null =>
  row.status === 'in_progress' && !isOpenAt(row.schedule, now) ? (nextOpeningAfter(row.schedule, now)?.toISOString() ?? null) : null;

const isWindowClosed = (row: CampaignRow, now: Date): boolean => row.status === 'in_progress' && !isOpenAt(row.schedule, now);

/** Per campaign, the waits the dialer recorded that still hold at `now` (an `until` passed no longer does). */
export type RecordedWaits = ReadonlyMap<string, Partial<WaitingCounts>>;

/**
 * Calls waiting to be dialed (stats' `pending`: never attempted or retry pending) by reason: the
 * recorded ones as recorded; the rest, while the campaign's own window is closed, `campaign_hours`,
 * and while it runs held back by the global cap (`waitingGlobal`), `global_cap`.
 */
export const waitingCounts = (row: CampaignRow, stats: CampaignStats, recorded: Partial<WaitingCounts>, now: Date, waitingGlobal = false): WaitingCounts => {
  const counts = Object.fromEntries(WAITING_REASONS.map((reason) => [reason, recorded[reason] ?? 0])) as WaitingCounts;
  const unexplained = Math.max(0, stats.pending - WAITING_REASONS.reduce((sum, reason) => sum + counts[reason], 0));
  if (isWindowClosed(row, now)) counts.campaign_hours += unexplained;
  else if (waitingGlobal && row.status === 'in_progress') counts.global_cap += unexplained;
  return counts;
};

/** `recorded` null: not known (a view as of an earlier instant). */
export const toCampaignView = (row: CampaignRow, stats: CampaignStats, now: Date, recorded: Partial<WaitingCounts> | null, waitingGlobal = false): CampaignView => ({
  ...row,
  stats,
  nextWindowOpensAt: nextWindowOpensAt(row, now),
  waiting: recorded && waitingCounts(row, stats, recorded, now, waitingGlobal),
});

export async function findRecordedWaits(db: Knex, campaignIds: readonly string[], now: Date): Promise<RecordedWaits> {
  if (campaignIds.length === 0) return new Map();
  const rows = await db(CALLS)
    .select<{ campaign_id: string; waiting_for: keyof WaitingCounts; n: number }[]>('campaign_id', 'waiting_for', db.raw('count(*)::int AS n'))
    .whereRaw('campaign_id = any(?)', [[...campaignIds]])
    .whereNotNull('waiting_for')
    .whereIn('status', ['pending', 'retry_scheduled'])
    .where((q) => q.whereNull('next_attempt_at').orWhere('next_attempt_at', '>', now))
    .groupBy('campaign_id', 'waiting_for');
  const waits = new Map<string, Partial<WaitingCounts>>();
  for (const r of rows) waits.set(r.campaign_id, { ...waits.get(r.campaign_id), [r.waiting_for]: r.n });
  return waits;
}

type Joined = CampaignRecord & { stats: Counters | null };

const withStats = (db: Knex) =>
  db({ c: CAMPAIGNS })
    .leftJoin({ s: CAMPAIGN_STATS }, 's.campaign_id', 'c.id')
    .select<Joined[]>('c.*', db.raw('to_jsonb(s) AS stats'));

const toView = (now: Date, waits: RecordedWaits) => (r: Joined): CampaignView =>
  toCampaignView(fromCampaignRecord(r), statsFromJson(r.stats), now, waits.get(r.id) ?? {}, r.waiting_global ?? false);

export async function findCampaignView(db: Knex, id: string, now: Date): Promise<CampaignView | null> {
  const [row] = await withStats(db).where('c.id', id);
  return row ? toView(now, await findRecordedWaits(db, [id], now))(row) : null;
}

export type CampaignListFilter = Readonly<{ status?: CampaignStatus; limit?: number; cursor?: string }>;

/** Newest first; the key (created_at, id) is unique and immutable, so pages never skip or repeat a row. */
export async function listCampaignViews(db: Knex, filter: CampaignListFilter, now: Date): Promise<Page<CampaignView>> {
  const limit = clampLimit(filter.limit);
  const query = withStats(db)
    .orderBy([
      { column: 'c.created_at', order: 'desc' },
      { column: 'c.id', order: 'desc' },
    ])
    .limit(limit + 1);
  if (filter.status) query.where('c.status', filter.status);
  if (filter.cursor) {
    const [createdAt, id] = decodeCursor(filter.cursor, isInstantIdKey);
    query.whereRaw('(c.created_at, c.id) < (?::timestamptz, ?)', [createdAt, id]);
  }
  const rows = await query;
  const waits = await findRecordedWaits(db, rows.slice(0, limit).map((r) => r.id), now);
  return toPage(rows, limit, toView(now, waits), (r) => [r.created_at.toISOString(), r.id]);
}
