import { Inject } from '@nestjs/common';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { GetCallQuery } from '../../application/queries/queries.js';
import type { CallView } from '../../application/views.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { findCallView } from './call.queries.js';

@QueryHandler(GetCallQuery)
export class GetCallHandler implements IQueryHandler<GetCallQuery> {
  constructor(@Inject(READ_MODELS_DB) private readonly db: Knex) {}

  async execute({ callId }: GetCallQuery): Promise<CallView> {
    const view = await findCallView(this.db, callId);
    if (!view) throw new NotFoundError(`call ${callId} not found`);
    return view;
  }
}
