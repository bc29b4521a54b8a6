import { type DynamicModule, Global, Module } from '@nestjs/common';
import { EVENT_STORE } from '../../application/ports/event-store.port.js';
import type { AppConfig } from '../config/app-config.js';
import { KNEX } from '../database/knex.factory.js';
import { pgListenToChannel } from '../database/pg-channel.listener.js';
import { LISTEN_TO_CHANNEL, READ_MODELS_DB } from '../../projections/projections.tokens.js';
import type { ReadinessCheck } from '../http/readiness.js';
import type { OpenStores } from './open-stores.js';

export const PERSISTENCE_CHECKS = Symbol('PersistenceReadinessChecks');

/**
 * PostgreSQL (read models, and the events table when EVENT_STORE=postgres) and the event store,
 * opened before Nest starts (see `openStores`) and closed by whoever opened them, after the app.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(config: AppConfig, { knex, store }: OpenStores): DynamicModule {
    const checks: ReadinessCheck[] = [
      { name: 'postgres', run: async () => void (await knex.raw('select 1')) },
      {
        name: 'event-store',
        run: async () => ({ adapter: config.EVENT_STORE, head: String((await store.headPosition())?.commit ?? 'empty') }),
      },
    ];
    return {
      module: PersistenceModule,
      providers: [
        { provide: KNEX, useValue: knex },
        { provide: READ_MODELS_DB, useValue: knex },
        { provide: LISTEN_TO_CHANNEL, useValue: pgListenToChannel(knex) },
        { provide: EVENT_STORE, useValue: store },
        { provide: PERSISTENCE_CHECKS, useValue: checks },
      ],
      exports: [KNEX, READ_MODELS_DB, LISTEN_TO_CHANNEL, EVENT_STORE, PERSISTENCE_CHECKS],
    };
  }
}
