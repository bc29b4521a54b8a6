import { Inject } from '@nestjs/common';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port.js';
import { GetCampaignQuery } from '../../application/queries/queries.js';
import type { CampaignView } from '../../application/views.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { campaignAsOf } from './campaign-as-of.js';
import { findCampaignView } from './campaign.queries.js';

@QueryHandler(GetCampaignQuery)
export class GetCampaignHandler implements IQueryHandler<GetCampaignQuery> {
  constructor(
    @Inject(READ_MODELS_DB) private readonly db: Knex,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ campaignId, asOf }: GetCampaignQuery): Promise<CampaignView> {
    if (asOf) return campaignAsOf({ store: this.store, db: this.db }, campaignId, asOf);
    const view = await findCampaignView(this.db, campaignId, this.clock.now());
    if (!view) throw new NotFoundError(`campaign ${campaignId} not found`);
    return view;
  }
}
