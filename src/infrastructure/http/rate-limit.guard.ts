import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { actorOf, isPublicRoute } from './api-key.guard.js';

const WINDOW_MS = 60_000;
/** Past this many clients, expired windows are swept on the next request. */
const SWEEP_AT = 10_000;

type Window = { startedAt: number; count: number };

/**
 * RATE_LIMIT_PER_MINUTE requests per client (its API key, else its address) per fixed one-minute
 * window, per process; 0 turns it off. Operations endpoints and public routes are not limited.
 * Hand-written rather than @nestjs/throttler: its CommonJS build requires Nest 12's ESM-only
 * @nestjs/common, which Jest's module runtime cannot load. Runs after ApiKeyGuard, which names the client.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, Window>();
  private readonly limit: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {
    this.limit = config.RATE_LIMIT_PER_MINUTE;
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.limit === 0 || context.getType() !== 'http' || isPublicRoute(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const now = Date.now();
    const window = this.windowOf(this.clientOf(request), now);
    window.count += 1;
    const resetSeconds = Math.ceil((window.startedAt + WINDOW_MS - now) / 1000);
    response.setHeader('X-RateLimit-Limit', String(this.limit));
    response.setHeader('X-RateLimit-Remaining', String(Math.max(0, this.limit - window.count)));
    response.setHeader('X-RateLimit-Reset', String(resetSeconds));
    if (window.count <= this.limit) return true;
    response.setHeader('Retry-After', String(resetSeconds));
    throw new HttpException(
      `rate limit exceeded: at most ${this.limit} requests per minute; retry after ${resetSeconds} s`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  private clientOf(request: Request): string {
    const actor = actorOf(request);
    return actor === 'anonymous' ? `ip:${request.ip ?? 'unknown'}` : actor;
  }

  private windowOf(client: string, now: number): Window {
    if (this.windows.size > SWEEP_AT) {
      for (const [key, w] of this.windows) if (now - w.startedAt >= WINDOW_MS) this.windows.delete(key);
    }
    const current = this.windows.get(client);
    if (current && now - current.startedAt < WINDOW_MS) return current;
    const fresh = { startedAt: now, count: 0 };
    this.windows.set(client, fresh);
    return fresh;
  }
}
