import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Logger,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { API_KEY_HEADER, ApiKeys } from './api-keys.js';
import { AuthFailures } from './auth-failures.js';
import { tooManyRequests } from './too-many-requests.js';

const PUBLIC_ROUTE = 'dialstream:public-route';
const QUERY_TOKEN = 'dialstream:query-token';

/** The query parameter that carries a token from `POST /live/tokens` on routes marked @AcceptsQueryToken(). */
export const ACCESS_TOKEN_PARAM = 'access_token';

/**
 * For operations endpoints and callers that authenticate another way (the provider's HMAC-signed
 * webhooks): no API key and no client rate limit.
 */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

/** From the matched route's metadata only: a path's spelling must never decide who may call it. */
/** For server-sent event streams: a browser's EventSource cannot send `x-api-key`, so a short-lived token in the URL stands in. */
export const AcceptsQueryToken = () => SetMetadata(QUERY_TOKEN, true);

export const isPublicRoute = (reflector: Reflector, context: ExecutionContext): boolean =>
  reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]) === true;

const actors = new WeakMap<object, string>();

/** Who made the request, for event metadata: a fingerprint of the API key, never the key itself. */
export const actorOf = (request: object): string => actors.get(request) ?? 'anonymous';

/**
 * With API_KEYS set, every route not marked @PublicRoute() requires one of them in `x-api-key` (401
 * otherwise). The docs are served outside Nest's routing and stay open. Failed attempts are counted
 * per address, and past the limit answer 429.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: ApiKeys;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthFailures) private readonly failures: AuthFailures,
  ) {
    this.keys = new ApiKeys(config.API_KEYS);
    if (this.keys.open) new Logger('http').warn('API_KEYS is empty: the API accepts every request');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const actor = this.keys.actorFor(request.header(API_KEY_HEADER)) ?? this.tokenActor(context, request);
    if (actor !== null) actors.set(request, actor);
    if (this.keys.open || isPublicRoute(this.reflector, context)) return true;
    const client = request.ip ?? 'unknown';
    const blockedMs = await this.failures.blockedFor('api-key', client);
    if (blockedMs !== null) {
      throw tooManyRequests(context.switchToHttp().getResponse<Response>(), blockedMs, 'too many failed authentications from this address');
    }
    if (actor !== null) return true;
    await this.failures.record('api-key', client);
    throw new UnauthorizedException(`missing or invalid ${API_KEY_HEADER} header`);
  }

  private tokenActor(context: ExecutionContext, request: Request): string | null {
    const accepts = this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN, [context.getHandler(), context.getClass()]) === true;
    if (!accepts) return null;
    const query = request.query as Record<string, unknown>;
    return this.keys.actorForToken(query[ACCESS_TOKEN_PARAM], Math.floor(Date.now() / 1_000));
  }
}
