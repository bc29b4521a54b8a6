import { Global, Inject, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DIAL_RATE_LIMITER, type DialBudget, type DialRateLimiter, type RateDecision } from '../../application/ports/pacing.port.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { dialRateLimit } from '../config/telephony-config.js';
import { memoryDialRateLimiter, redisDialRateLimiter } from './dial-rate-limiters.js';

/**
 * The calls-per-second budget: MAX_CALLS_PER_SECOND and the provider's own limit, in Redis when
 * REDIS_URL is set (every instance shares it), in process otherwise.
 */
@Injectable()
export class ConfiguredDialRateLimiter implements DialRateLimiter, OnModuleDestroy {
  readonly #redis: Redis | null;
  readonly #limiter: DialRateLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const perSecond = dialRateLimit(config);
    this.#redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }) : null;
    this.#limiter = this.#redis
      ? redisDialRateLimiter(this.#redis, perSecond, config.DIALER_REDIS_KEY_PREFIX)
      : memoryDialRateLimiter(perSecond);
  }

  get budget(): DialBudget | null {
    return this.#limiter.budget;
  }

  tryAcquire(): Promise<RateDecision> {
    return this.#limiter.tryAcquire();
  }

  slowDown(retryAfterMs?: number): Promise<void> {
    return this.#limiter.slowDown(retryAfterMs);
  }

  async onModuleDestroy(): Promise<void> {
    await this.#redis?.quit().catch(() => this.#redis?.disconnect());
  }
}

@Global()
@Module({ providers: [{ provide: DIAL_RATE_LIMITER, useClass: ConfiguredDialRateLimiter }], exports: [DIAL_RATE_LIMITER] })
export class PacingModule {}
