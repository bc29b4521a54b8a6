import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service.js';
import { IdempotencyStore } from './idempotency.store.js';
import { IdempotentRequest } from './idempotent-request.js';

/** `Idempotency-Key` support for any route: inject IdempotentRequest. Needs the global KNEX. */
@Module({
  providers: [IdempotencyStore, IdempotencyService, IdempotentRequest],
  exports: [IdempotentRequest],
})
export class IdempotencyModule {}
