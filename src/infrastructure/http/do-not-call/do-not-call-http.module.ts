import { Module } from '@nestjs/common';
import { AddToDoNotCallHandler } from '../../../application/do-not-call/add-to-do-not-call.handler.js';
import { RemoveFromDoNotCallHandler } from '../../../application/do-not-call/remove-from-do-not-call.handler.js';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { DoNotCallController } from './do-not-call.controller.js';

/** `/dnc`: list changes go to the number streams through the CommandBus; reads come from the do_not_call read model. */
@Module({
  imports: [IdempotencyModule],
  controllers: [DoNotCallController],
  providers: [AddToDoNotCallHandler, RemoveFromDoNotCallHandler],
})
export class DoNotCallHttpModule {}
