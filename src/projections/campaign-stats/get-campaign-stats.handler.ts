import { Inject } from '@nestjs/common';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { GetCampaignStatsQuery } from '../../application/queries/queries.js';
import type { CampaignStats } from '../../application/views.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { freshBatches } from '../shared/fresh-batches.js';
import { findManyCampaignStats } from './campaign-stats.queries.js';

/** Dashboards poll this by the thousand a second: concurrent requests share a statement, never a stale answer. */
@QueryHandler(GetCampaignStatsQuery)
export class GetCampaignStatsHandler implements IQueryHandler<GetCampaignStatsQuery> {
  private readonly stats: DataLoader<string, CampaignStats | null>;

  constructor(@Inject(READ_MODELS_DB) db: Knex) {
    this.stats = freshBatches((ids) => findManyCampaignStats(db, ids));
  }

  async execute({ campaignId }: GetCampaignStatsQuery): Promise<CampaignStats> {
    const stats = await this.stats.load(campaignId);
    if (!stats) throw new NotFoundError(`campaign ${campaignId} not found`);
    return stats;
  }
}
