import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { actorOf } from '../api-key.guard.js';
import { parseIdempotencyKey, requestIdFor } from './idempotency-key.js';
import { IdempotencyService } from './idempotency.service.js';
import type { StoredResponse } from './idempotency.store.js';

const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * A key is the caller's own: the same key on another route or from another API key is another request.
 * The route is its pattern and parameters, not the URL as spelled: `/campaigns/` and `/CAMPAIGNS` are
 * one route, and the parameters are ids, which compare without case.
 */
const scopeOf = (request: Request): string => {
  const pattern = String((request.route as { path?: unknown } | undefined)?.path ?? request.path);
  const params = Object.entries(request.params as Record<string, string>)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value.toLowerCase()}`);
  return [actorOf(request), request.method, pattern, ...params].join(' ');
};

/**
 * The edge of an idempotent route: without `Idempotency-Key` it just runs; with one it runs once per
 * key and body, handing `execute` the request id the key stands for (events and ids derive from it).
 * Writes the response's headers to `res` and returns its JSON body as sent.
 */
@Injectable()
export class IdempotentRequest {
  constructor(@Inject(IdempotencyService) private readonly service: IdempotencyService) {}

  async respond(
    request: Request,
    res: Response,
    requestHash: string,
    execute: (idempotent: { requestId: string } | null) => Promise<StoredResponse>,
  ): Promise<string> {
    const key = parseIdempotencyKey(request.headers['idempotency-key']);
    const scope = scopeOf(request);
    const response =
      key === undefined
        ? { ...(await execute(null)), replayed: false }
        : await this.service.run({ scope, key, requestHash }, () => execute({ requestId: requestIdFor(scope, key, requestHash) }));
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    if (response.replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    res.type('application/json');
    return response.body;
  }
}
