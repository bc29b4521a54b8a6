import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key.js';
import { IdempotencyStore, type StoredResponse } from './idempotency.store.js';

export type IdempotentRequest = Readonly<{ scope: string; key: string; requestHash: string }>;
export type IdempotentResponse = StoredResponse & Readonly<{ replayed: boolean }>;

const mismatch = (): UnprocessableEntityException =>
  new UnprocessableEntityException(
    `${IDEMPOTENCY_KEY_HEADER}: this key was already used with a different request; use a new key for a new request`,
  );

/**
 * Runs a request once per key: a retry gets the first response again, byte for byte, and runs
 * nothing. Only successes are stored, so a rejected request can be corrected and retried under the
 * same key. A crash after the append but before `save` re-runs the request, which is safe because
 * its ids derive from the key (see `requestIdFor`) and the decisions are idempotent.
 */
@Injectable()
export class IdempotencyService {
  constructor(@Inject(IdempotencyStore) private readonly store: IdempotencyStore) {}

  async run(request: IdempotentRequest, execute: () => Promise<StoredResponse>): Promise<IdempotentResponse> {
    const { scope, key, requestHash } = request;
    const earlier = await this.store.find(scope, key);
    if (earlier) {
      if (earlier.requestHash !== requestHash) throw mismatch();
      return { statusCode: earlier.statusCode, headers: earlier.headers, body: earlier.body, replayed: true };
    }
    const response = await execute();
    if (response.statusCode >= 300) return { ...response, replayed: false };
    const stored = await this.store.save(scope, key, { ...response, requestHash });
    if (stored.requestHash !== requestHash) throw mismatch();
    // Another request with this key and body finished first: answer what it answered.
    const replayed = stored.body !== response.body;
    return { statusCode: stored.statusCode, headers: stored.headers, body: stored.body, replayed };
  }
}
