import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { ListDoNotCallQuery } from '../../application/queries/queries.js';
import type { DoNotCallEntryView, Page } from '../../application/views.js';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { listDoNotCall } from './do-not-call.queries.js';

@QueryHandler(ListDoNotCallQuery)
export class ListDoNotCallHandler implements IQueryHandler<ListDoNotCallQuery> {
  constructor(
    @Inject(READ_MODELS_DB) private readonly db: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ filter }: ListDoNotCallQuery): Promise<Page<DoNotCallEntryView>> {
    return listDoNotCall(this.db, filter, this.clock.now());
  }
}
