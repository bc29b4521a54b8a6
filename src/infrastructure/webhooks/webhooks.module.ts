import { type DynamicModule, Module } from '@nestjs/common';
import type { Knex } from 'knex';
import { KNEX } from '../database/knex.factory.js';
import { WebhooksController } from '../http/webhooks/webhooks.controller.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service.js';
import { WebhookSubscriptionsStore } from './webhook-subscriptions.store.js';

/** The /webhooks API where the REST API is served (`all`, `api`); the delivery loops where workers run (`all`, `worker`). */
@Module({})
export class WebhooksModule {
  static forRoot(options: Readonly<{ deliver: boolean; serveApi: boolean }>): DynamicModule {
    return {
      module: WebhooksModule,
      controllers: options.serveApi ? [WebhooksController] : [],
      providers: [
        { provide: WebhookSubscriptionsStore, inject: [KNEX], useFactory: (knex: Knex) => new WebhookSubscriptionsStore(knex) },
        WebhookSubscriptionsService,
        ...(options.deliver ? [WebhookDispatcher] : []),
      ],
    };
  }
}
