import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Knex } from 'knex';
import { DialerRunner } from '../../application/dialer/dialer-runner.js';
import { DIALER_DEFAULTS } from '../../application/dialer/dialer.types.js';
import { InProcessCoordination } from '../../application/dialer/in-process-coordination.js';
import { systemClock } from '../../application/ports/clock.port.js';
import { COORDINATION, type Coordination } from '../../application/ports/coordination.port.js';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port.js';
import { DIAL_RATE_LIMITER, type DialRateLimiter } from '../../application/ports/pacing.port.js';
import { TELEPHONY, type Telephony } from '../../application/ports/telephony.port.js';
import { NumberGate } from '../../application/do-not-call/number-gate.js';
import { GlobalSlots } from '../../application/pacing/global-slots.js';
import { APP_CONFIG, orgFrequencyCap, type AppConfig } from '../config/app-config.js';
import { metricsRegistry } from '../metrics/metrics.js';
import { KNEX } from '../database/knex.factory.js';
import { RedisCoordination } from '../redis/redis-coordination.js';
import { TELEPHONY_CALLBACK_URL, type CallbackUrlFn } from '../telephony/telephony.tokens.js';
import { promDialerMetrics } from './dialer-metrics.js';
import { knexDialerDiscovery } from './knex-dialer-discovery.js';

export const DIALER_RUNNER = Symbol('DialerRunner');

export type DialerModuleOptions = Readonly<{ role: 'all' | 'api' | 'worker' }>;

@Injectable()
class DialerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(DIALER_RUNNER) private readonly runner: DialerRunner,
    @Inject(COORDINATION) private readonly coordination: Coordination,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
    await this.coordination.close();
  }
}

/**
 * The dialer for roles `all` and `worker` (nothing for `api`): started once the application is up,
 * stopped first on shutdown. With REDIS_URL, Redis leases split campaigns between workers; without,
 * one instance coordinates in-process.
 */
@Module({})
export class DialerModule {
  static forRoot(options: DialerModuleOptions): DynamicModule {
    if (options.role === 'api') return { module: DialerModule };
    return {
      module: DialerModule,
      providers: [
        {
          provide: COORDINATION,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): Coordination =>
            config.REDIS_URL
              ? new RedisCoordination({ url: config.REDIS_URL, keyPrefix: config.DIALER_REDIS_KEY_PREFIX })
              : new InProcessCoordination(),
        },
        {
          provide: DIALER_RUNNER,
          inject: [APP_CONFIG, EVENT_STORE, KNEX, TELEPHONY, TELEPHONY_CALLBACK_URL, COORDINATION, DIAL_RATE_LIMITER],
          useFactory: (
            config: AppConfig,
            store: EventStore,
            knex: Knex,
            telephony: Telephony,
            callbackUrl: CallbackUrlFn,
            coordination: Coordination,
            pacing: DialRateLimiter,
          ) => {
            const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
            const globalCap = config.MAX_CONCURRENT_CALLS;
            return new DialerRunner(
              {
                store,
                numbers: new NumberGate(store, orgFrequencyCap(config)),
                telephony,
                pacing,
                ...(globalCap === undefined ? {} : { globalSlots: new GlobalSlots(store, globalCap, { owner, clock: systemClock }) }),
                coordination,
                clock: systemClock,
                discovery: knexDialerDiscovery(knex),
                metrics: promDialerMetrics(metricsRegistry),
                logger: new Logger('dialer'),
              },
              {
                owner,
                defaultMaxConcurrentCalls: config.DEFAULT_MAX_CONCURRENT_CALLS,
                callTimeoutMs: config.CALL_TIMEOUT_MS,
                callMaxDurationMs: config.CALL_MAX_DURATION_MS,
                callbackUrl,
                leaseTtlMs: config.DIALER_LEASE_TTL_MS,
                discoveryIntervalMs: Math.min(config.DIALER_DISCOVERY_INTERVAL_MS, config.DIALER_LEASE_TTL_MS),
                dialConcurrency: DIALER_DEFAULTS.dialConcurrency,
                dialerSegmentEvents: DIALER_DEFAULTS.dialerSegmentEvents,
                recipientMarginMs: config.RECIPIENT_HOURS_MARGIN_MS,
              },
            );
          },
        },
        DialerLifecycle,
      ],
      exports: [DIALER_RUNNER],
    };
  }
}
