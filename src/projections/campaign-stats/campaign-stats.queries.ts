import type { Knex } from 'knex';
import type { CampaignStats } from '../../application/views.js';
import { CAMPAIGN_STATS } from './campaign-stats.projection.js';
import { toStats, zeroCounters, type Counters } from './stats-counters.js';

type StatsRow = Counters & { campaign_id: string };

/** Null: no such campaign (never created, or deleted). */
export async function findCampaignStats(db: Knex, campaignId: string): Promise<CampaignStats | null> {
  const row = await db<StatsRow>(CAMPAIGN_STATS).where({ campaign_id: campaignId }).first();
  return row ? toStats(row) : null;
}

/** One statement for many campaigns (one text whatever their number, so PostgreSQL plans it once); null where missing. */
export async function findManyCampaignStats(db: Knex, campaignIds: readonly string[]): Promise<Array<CampaignStats | null>> {
  const rows = await db<StatsRow>(CAMPAIGN_STATS).whereRaw('campaign_id = any(?)', [[...new Set(campaignIds)]]);
  const byId = new Map(rows.map((row) => [row.campaign_id, toStats(row)]));
  return campaignIds.map((id) => byId.get(id) ?? null);
}

/** For joins: the stats row as JSON (null when missing, read as zeros). */
export const statsFromJson = (json: Counters | null): CampaignStats => toStats({ ...zeroCounters(), ...json });
