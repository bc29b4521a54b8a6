import { ConflictException, Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key.js';
import { IdempotencyStore, type KeyTimes, type StoredResponse } from './idempotency.store.js';

export type IdempotentRequest = Readonly<{ scope: string; key: string; requestHash: string }>;
export type IdempotentResponse = StoredResponse & Readonly<{ replayed: boolean }>;

/** A holder that has not completed after this is taken for dead: a retry with its body may redo its work. */
const RESERVATION_MS = 60_000;
/** How long a retry waits for the request holding its key before answering 409. */
const WAIT_FOR_HOLDER_MS = 15_000;
const POLL_MS = 25;
const PURGE_EVERY_MS = 60_000;
const PURGE_BATCH = 1_000;

const mismatch = (): UnprocessableEntityException =>
  new UnprocessableEntityException(
    `${IDEMPOTENCY_KEY_HEADER}: this key was already used with a different request; use a new key for a new request`,
  );

const stillRunning = (): ConflictException =>
  new ConflictException(`${IDEMPOTENCY_KEY_HEADER}: the first request with this key is still running; retry later`);

/**
 * Runs a request once per key. The key is reserved before anything runs (a unique row, see
 * IdempotencyStore), so of concurrent requests with one key exactly one runs: a retry with the same
 * body waits for it and gets its response, byte for byte; another body is 422 at once, whether the
 * first is still running or done. Only successes are kept: a rejected request frees its key, so it can
 * be corrected and retried under the same key. A holder that crashed leaves its reservation until
 * RESERVATION_MS, after which a retry with the same body redoes the work, which is safe because its
 * ids derive from the key and body (see `requestIdFor`) and the decisions are idempotent.
 */
@Injectable()
export class IdempotencyService {
  private readonly times: KeyTimes;
  private lastPurge = 0;

  constructor(
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.times = { ttlMs: config.IDEMPOTENCY_KEY_TTL_MS, reservationMs: RESERVATION_MS };
  }

  async run(request: IdempotentRequest, execute: () => Promise<StoredResponse>): Promise<IdempotentResponse> {
    await this.purgeNowAndThen();
    const { scope, key, requestHash } = request;
    const owner = randomUUID();
    const deadline = Date.now() + WAIT_FOR_HOLDER_MS;
    while (!(await this.store.reserve(scope, key, requestHash, owner, this.times))) {
      const held = await this.store.find(scope, key);
      if (held === null) continue; // freed (failed or expired) since: try again
      if (held.requestHash !== requestHash) throw mismatch();
      if (held.status === 'completed') return { ...held.response, replayed: true };
      if (Date.now() > deadline) throw stillRunning();
      await sleep(POLL_MS);
    }
    return this.runReserved(request, owner, execute);
  }

  private async runReserved(
    { scope, key }: IdempotentRequest,
    owner: string,
    execute: () => Promise<StoredResponse>,
  ): Promise<IdempotentResponse> {
    let response: StoredResponse;
    try {
      response = await execute();
    } catch (error) {
      await this.store.release(scope, key, owner);
      throw error;
    }
    if (response.statusCode >= 300) {
      await this.store.release(scope, key, owner);
      return { ...response, replayed: false };
    }
    if (await this.store.complete(scope, key, owner, response)) return { ...response, replayed: false };
    // A retry took over our reservation and finished first: answer what it answered.
    const held = await this.store.find(scope, key);
    return held?.status === 'completed' ? { ...held.response, replayed: true } : { ...response, replayed: false };
  }

  private async purgeNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    await this.store.purgeExpired(PURGE_BATCH);
  }
}
