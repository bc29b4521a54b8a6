import type { StatsSource } from '../../application/audit/verify-log.js';
import { comparePositions } from '../../application/ports/event-store.port.js';
import { liveCheckpoint } from '../../projections/checkpoints/checkpoints.js';
import { findCampaignStats } from '../../projections/campaign-stats/campaign-stats.queries.js';
import type { AppConfig } from '../config/app-config.js';
import type { OpenStores } from '../persistence/open-stores.js';

/** The stats read model as the CLI sees it: its rows and the checkpoint of the projection that writes them. */
export const statsFromReadModel = ({ knex }: OpenStores): StatsSource => ({
  statsOf: (campaignId) => findCampaignStats(knex, campaignId),
  caughtUp: async (position) => {
    const checkpoint = await liveCheckpoint(knex, 'campaign-stats');
    return checkpoint?.position != null && comparePositions(checkpoint.position, position) >= 0;
  },
});

/** The PostgreSQL store counts its table cheaply (for the progress bar); other stores: unknown. */
export const countEvents = async (config: AppConfig, { knex }: OpenStores): Promise<number | null> =>
  config.EVENT_STORE === 'postgres' ? Number((await knex('events').count<{ n: string }[]>({ n: '*' }))[0]!.n) : null;
