import { Module } from '@nestjs/common';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../../application/ports/clock.port.js';
import { EVENT_STORE, type EventStore } from '../../../application/ports/event-store.port.js';
import { LiveFeed } from '../../../projections/live/live-feed.js';
import { LISTEN_TO_CHANNEL, type ListenToChannel, READ_MODELS_DB } from '../../../projections/projections.tokens.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LIVE_FEED, LIVE_HEARTBEAT_MS, LiveHub } from './live-hub.js';
import { LiveController } from './live.controller.js';

/** Server-sent events: one feed per process, fanned out to every open stream (DESIGN §8). */
@Module({
  controllers: [LiveController],
  providers: [
    {
      provide: LIVE_FEED,
      inject: [EVENT_STORE, READ_MODELS_DB, LISTEN_TO_CHANNEL, CLOCK],
      useFactory: (store: EventStore, db: Knex, listen: ListenToChannel, clock: Clock) => new LiveFeed(store, db, listen, clock),
    },
    { provide: LIVE_HEARTBEAT_MS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => config.SSE_HEARTBEAT_MS },
    LiveHub,
  ],
})
export class LiveHttpModule {}
