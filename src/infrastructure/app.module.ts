import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { CLOCK, systemClock } from '../application/ports/clock.port.js';
import { ProjectionsModule } from '../projections/projections.module.js';
import { PROJECTIONS_READINESS_CHECK } from '../projections/projections-readiness.js';
import { ApiKeyGuard } from './http/api-key.guard.js';
import { AuthFailures } from './http/auth-failures.js';
import { CampaignsHttpModule } from './http/campaigns/campaigns-http.module.js';
import { RateLimitGuard } from './http/rate-limit.guard.js';
import { READINESS_CHECKS, type ReadinessCheck } from './http/readiness.js';
import { workerProviderCheck } from './http/worker-link.js';
import { EVENT_STORE, type EventStore } from '../application/ports/event-store.port.js';
import { NumberGate } from '../application/do-not-call/number-gate.js';
import { APP_CONFIG, orgFrequencyCap, type AppConfig } from './config/app-config.js';
import { OperationsController } from './http/operations.controller.js';
import { PERSISTENCE_CHECKS, PersistenceModule } from './persistence/persistence.module.js';
import type { OpenStores } from './persistence/open-stores.js';
import { CallsHttpModule } from './http/calls/calls-http.module.js';
import { DoNotCallHttpModule } from './http/do-not-call/do-not-call-http.module.js';
import { LiveHttpModule } from './http/live/live-http.module.js';
import { PreviewHttpModule } from './http/preview/preview-http.module.js';
import { PacingModule } from './pacing/pacing.module.js';
import { TelephonyModule } from './telephony/telephony.module.js';
import { PROVIDER_READINESS_CHECK } from './telephony/telephony.tokens.js';
import { DialerModule } from './dialer/dialer.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

export type Role = 'all' | 'api' | 'worker';

/** A worker serves health and metrics only: its port is for probes and scrapers, not clients. */
export const servesApi = (role: Role): boolean => role !== 'worker';

export type AppOptions = { config: AppConfig; stores: OpenStores; role: Role };

@Module({})
export class AppModule {
  static forRoot({ config, stores, role }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.forRoot(config, stores),
        MetricsModule,
        PacingModule,
        TelephonyModule.forRoot({
          receivesCallbacks: servesApi(role) || config.WORKER_RECEIVES_CALLBACKS === 'true',
          provider: config.TELEPHONY_PROVIDER,
        }),
        DialerModule.forRoot({ role }),
        ProjectionsModule.forRoot({ runProjectors: role !== 'api' }),
        ...(servesApi(role) ? [CallsHttpModule, CampaignsHttpModule, DoNotCallHttpModule, LiveHttpModule, PreviewHttpModule] : []),
        WebhooksModule.forRoot({ deliver: role !== 'api', serveApi: servesApi(role) }),
      ],
      controllers: [OperationsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        // What the dialer asks before every dial: do-not-call list and frequency caps (invariants 9, 10).
        {
          provide: NumberGate,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new NumberGate(store, orgFrequencyCap(config)),
        },
        // Guards run in this order: the key names the client the rate limit counts against.
        AuthFailures,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        {
          provide: READINESS_CHECKS,
          inject: [PERSISTENCE_CHECKS, PROJECTIONS_READINESS_CHECK, PROVIDER_READINESS_CHECK],
          useFactory: (stores: ReadinessCheck[], projections: ReadinessCheck, provider: ReadinessCheck): ReadinessCheck[] => [
            ...stores,
            projections,
            // An API started beside its worker has no dialer: the worker's circuit is the provider's state.
            role === 'api' && config.WORKER_URL ? workerProviderCheck(config.WORKER_URL) : provider,
          ],
        },
      ],
      exports: [APP_CONFIG, AuthFailures, CLOCK, NumberGate],
    };
  }
}
