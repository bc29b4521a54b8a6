import { Inject, ServiceUnavailableException } from '@nestjs/common';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port.js';
import { GetCampaignQuery } from '../../application/queries/queries.js';
import type { CampaignView } from '../../application/views.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { campaignAsOf, campaignFromLog } from './campaign-as-of.js';
import { findCampaignView } from './campaign.queries.js';

/** Time travel reads a stream per dialed call: this many folds at once per process keep it to a bounded share of the pool. */
export const MAX_TIME_TRAVEL_FOLDS = 2;

@QueryHandler(GetCampaignQuery)
export class GetCampaignHandler implements IQueryHandler<GetCampaignQuery> {
  #folding = 0;

  constructor(
    @Inject(READ_MODELS_DB) private readonly db: Knex,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ campaignId, asOf, fromLog }: GetCampaignQuery): Promise<CampaignView> {
    if (asOf) return this.timeTravel(campaignId, asOf);
    if (fromLog) return campaignFromLog({ store: this.store, db: this.db }, campaignId, this.clock.now());
    const view = await findCampaignView(this.db, campaignId, this.clock.now());
    if (!view) throw new NotFoundError(`campaign ${campaignId} not found`);
    return view;
  }

  private async timeTravel(campaignId: string, asOf: Date): Promise<CampaignView> {
    if (this.#folding >= MAX_TIME_TRAVEL_FOLDS) {
      throw new ServiceUnavailableException(`time travel is busy: ${MAX_TIME_TRAVEL_FOLDS} folds are running; retry later`);
    }
    this.#folding += 1;
    try {
      return await campaignAsOf({ store: this.store, db: this.db }, campaignId, asOf);
    } finally {
      this.#folding -= 1;
    }
  }
}
