import { Inject } from '@nestjs/common';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { ListCampaignsQuery } from '../../application/queries/queries.js';
import type { CampaignView, Page } from '../../application/views.js';
import { listCampaignViews } from './campaign.queries.js';

@QueryHandler(ListCampaignsQuery)
export class ListCampaignsHandler implements IQueryHandler<ListCampaignsQuery> {
  constructor(
    @Inject(READ_MODELS_DB) private readonly db: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ filter }: ListCampaignsQuery): Promise<Page<CampaignView>> {
    return listCampaignViews(this.db, filter, this.clock.now());
  }
}
