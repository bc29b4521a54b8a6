import type { Knex } from 'knex';
import type { CampaignStats } from '../../application/views.js';
import { CAMPAIGN_STATS } from './campaign-stats.projection.js';
import { toStats, zeroCounters, type Counters } from './stats-counters.js';

/** Null: no such campaign (never created, or deleted). */
export async function findCampaignStats(db: Knex, campaignId: string): Promise<CampaignStats | null> {
  const row = await db<Counters & { campaign_id: string }>(CAMPAIGN_STATS).where({ campaign_id: campaignId }).first();
  return row ? toStats(row) : null;
}

/** For joins: the stats row as JSON (null when missing, read as zeros). */
export const statsFromJson = (json: Counters | null): CampaignStats => toStats({ ...zeroCounters(), ...json });
