import { Module } from '@nestjs/common';
import { ScheduleSingleCallHandler } from '../../../application/calls/schedule-single-call.handler.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { CallsController } from './calls.controller.js';

/** `POST /calls` and `GET /calls/:id`; the read side answers GetCallQuery. */
@Module({
  imports: [IdempotencyModule],
  controllers: [CallsController],
  providers: [ScheduleSingleCallHandler],
})
export class CallsHttpModule {}
