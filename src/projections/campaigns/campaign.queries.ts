import type { Knex } from 'knex';
import type { CampaignStats, CampaignStatus, CampaignView, Page } from '../../application/views.js';
import { isOpenAt, nextOpeningAfter } from '../../domain/calendar/calendar.js';
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

export const toCampaignView = (row: CampaignRow, stats: CampaignStats, now: Date): CampaignView => ({
  ...row,
  stats,
  nextWindowOpensAt: nextWindowOpensAt(row, now),
});

type Joined = CampaignRecord & { stats: Counters | null };

const withStats = (db: Knex) =>
  db({ c: CAMPAIGNS })
    .leftJoin({ s: CAMPAIGN_STATS }, 's.campaign_id', 'c.id')
    .select<Joined[]>('c.*', db.raw('to_jsonb(s) AS stats'));

const toView = (now: Date) => (r: Joined): CampaignView => toCampaignView(fromCampaignRecord(r), statsFromJson(r.stats), now);

export async function findCampaignView(db: Knex, id: string, now: Date): Promise<CampaignView | null> {
  const [row] = await withStats(db).where('c.id', id);
  return row ? toView(now)(row) : null;
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
  return toPage(await query, limit, toView(now), (r) => [r.created_at.toISOString(), r.id]);
}
