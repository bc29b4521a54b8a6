import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../application/ports/clock.port.js';
import { GetDoNotCallEntryQuery } from '../../application/queries/queries.js';
import type { DoNotCallEntryWithHistoryView } from '../../application/views.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { findDoNotCallEntry } from './do-not-call.queries.js';

@QueryHandler(GetDoNotCallEntryQuery)
export class GetDoNotCallEntryHandler implements IQueryHandler<GetDoNotCallEntryQuery> {
  constructor(
    @Inject(READ_MODELS_DB) private readonly db: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ phoneNumber }: GetDoNotCallEntryQuery): Promise<DoNotCallEntryWithHistoryView> {
    const entry = await findDoNotCallEntry(this.db, phoneNumber, this.clock.now());
    if (!entry) throw new NotFoundError(`${phoneNumber} is not on the do-not-call list`);
    return entry;
  }
}
