import { Inject } from '@nestjs/common';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { ListCampaignCallsQuery } from '../../application/queries/queries.js';
import type { CallView, Page } from '../../application/views.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { CAMPAIGNS } from '../campaigns/campaign-record.js';
import { listCampaignCallViews } from './call.queries.js';

@QueryHandler(ListCampaignCallsQuery)
export class ListCampaignCallsHandler implements IQueryHandler<ListCampaignCallsQuery> {
  constructor(@Inject(READ_MODELS_DB) private readonly db: Knex) {}

  /** An empty page for a campaign without numbers, 404 for one that does not exist (or was deleted). */
  async execute({ campaignId, filter }: ListCampaignCallsQuery): Promise<Page<CallView>> {
    const [exists, page] = await Promise.all([
      this.db(CAMPAIGNS).where({ id: campaignId }).first(this.db.raw('1 AS found')),
      listCampaignCallViews(this.db, campaignId, filter),
    ]);
    if (!exists) throw new NotFoundError(`campaign ${campaignId} not found`);
    return page;
  }
}
