import { Inject } from '@nestjs/common';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { GetCampaignStatsQuery } from '../../application/queries/queries.js';
import type { CampaignStats } from '../../application/views.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { findCampaignStats } from './campaign-stats.queries.js';

@QueryHandler(GetCampaignStatsQuery)
export class GetCampaignStatsHandler implements IQueryHandler<GetCampaignStatsQuery> {
  constructor(@Inject(READ_MODELS_DB) private readonly db: Knex) {}

  async execute({ campaignId }: GetCampaignStatsQuery): Promise<CampaignStats> {
    const stats = await findCampaignStats(this.db, campaignId);
    if (!stats) throw new NotFoundError(`campaign ${campaignId} not found`);
    return stats;
  }
}
