import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

export type AuthKind = 'api-key' | 'webhook-signature';

/**
 * Failed authentications per client address and kind (a wrong or missing API key, a forged webhook
 * signature). Past AUTH_FAILURE_LIMIT in AUTH_FAILURE_WINDOW_MS the client is refused until the
 * window ends, whatever it sends, so guessing stops paying: a right guess would look like a 429 too.
 * Per process, like the request rate limit.
 */
@Injectable()
export class AuthFailures {
  private readonly limiter: RateLimiterMemory | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter =
      config.AUTH_FAILURE_LIMIT === 0
        ? null
        : new RateLimiterMemory({ points: config.AUTH_FAILURE_LIMIT, duration: Math.ceil(config.AUTH_FAILURE_WINDOW_MS / 1000) });
  }

  /** Milliseconds until `client` may try again, or null while it may. */
  async blockedFor(kind: AuthKind, client: string): Promise<number | null> {
    const state = await this.limiter?.get(`${kind}:${client}`);
    return state && state.remainingPoints === 0 ? state.msBeforeNext : null;
  }

  async record(kind: AuthKind, client: string): Promise<void> {
    await this.limiter?.penalty(`${kind}:${client}`);
  }
}
