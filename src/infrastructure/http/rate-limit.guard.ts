import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { actorOf, isPublicRoute } from './api-key.guard.js';
import { tooManyRequests } from './too-many-requests.js';

/**
 * RATE_LIMIT_PER_MINUTE requests per client (its API key, else its address) per fixed one-minute
 * window, per process; 0 turns it off. Public routes are not limited. Runs after ApiKeyGuard, which
 * names the client. rate-limiter-flexible rather than @nestjs/throttler: the latter's CommonJS build
 * still cannot load Nest 12's ESM-only @nestjs/common under Jest (a require(esm) cycle, Node 24).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterMemory | null;
  private readonly limit: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {
    this.limit = config.RATE_LIMIT_PER_MINUTE;
    this.limiter = this.limit === 0 ? null : new RateLimiterMemory({ points: this.limit, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.limiter === null || context.getType() !== 'http' || isPublicRoute(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const actor = actorOf(request);
    const outcome = await this.limiter.consume(actor === 'anonymous' ? `ip:${request.ip ?? 'unknown'}` : actor).then(
      (state) => ({ allowed: true, state }),
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) return { allowed: false, state: rejection };
        throw rejection;
      },
    );
    response.setHeader('X-RateLimit-Limit', String(this.limit));
    response.setHeader('X-RateLimit-Remaining', String(outcome.state.remainingPoints));
    response.setHeader('X-RateLimit-Reset', String(Math.ceil(outcome.state.msBeforeNext / 1000)));
    if (outcome.allowed) return true;
    throw tooManyRequests(response, outcome.state.msBeforeNext, `rate limit exceeded: at most ${this.limit} requests per minute`);
  }
}
