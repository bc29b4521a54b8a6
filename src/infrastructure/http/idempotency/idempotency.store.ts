import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { KNEX } from '../../database/knex.factory.js';

export type StoredResponse = Readonly<{
  statusCode: number;
  headers: Readonly<Record<string, string>>;
  /** Serialized JSON, replayed as it was first sent. */
  body: string;
}>;

/** What a key holds: a request at work (`reserved`), or the response it completed with. */
export type KeyState =
  | Readonly<{ status: 'reserved'; requestHash: string }>
  | Readonly<{ status: 'completed'; requestHash: string; response: StoredResponse }>;

export type KeyTimes = Readonly<{ ttlMs: number; reservationMs: number }>;

type Row = {
  status: 'reserved' | 'completed';
  request_hash: string;
  status_code: number | null;
  headers: Record<string, string> | null;
  body: string | null;
};

const toState = (row: Row): KeyState =>
  row.status === 'reserved'
    ? { status: 'reserved', requestHash: row.request_hash }
    : {
        status: 'completed',
        requestHash: row.request_hash,
        response: { statusCode: row.status_code!, headers: row.headers!, body: row.body! },
      };

const TABLE = 'idempotency_keys';

/**
 * The keys, in the read-model database. Every transition is one statement on the (scope, key) row,
 * so PostgreSQL's row lock decides every race: one reservation wins, one completion wins.
 */
@Injectable()
export class IdempotencyStore {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  /**
   * Reserves the key for `owner`: true when it is now ours. An expired key is free, and so is a
   * reservation for the same body whose holder outlived `reserved_until` (it crashed, or is stuck).
   */
  async reserve(scope: string, key: string, requestHash: string, owner: string, times: KeyTimes): Promise<boolean> {
    const { rows } = await this.knex.raw<{ rows: unknown[] }>(
      `INSERT INTO ${TABLE} AS k (scope, key, request_hash, status, owner, reserved_until, expires_at,
                                  status_code, headers, body, created_at)
       VALUES (:scope, :key, :requestHash, 'reserved', :owner,
               now() + make_interval(secs => :reservationMs / 1000.0),
               now() + make_interval(secs => :ttlMs / 1000.0), NULL, NULL, NULL, now())
       ON CONFLICT (scope, key) DO UPDATE SET
         request_hash = EXCLUDED.request_hash, status = 'reserved', owner = EXCLUDED.owner,
         reserved_until = EXCLUDED.reserved_until, expires_at = EXCLUDED.expires_at,
         status_code = NULL, headers = NULL, body = NULL, created_at = EXCLUDED.created_at
       WHERE k.expires_at <= now()
          OR (k.status = 'reserved' AND k.reserved_until <= now() AND k.request_hash = EXCLUDED.request_hash)
       RETURNING 1`,
      { scope, key, requestHash, owner, ...times },
    );
    return rows.length === 1;
  }

  async find(scope: string, key: string): Promise<KeyState | null> {
    const row = await this.knex(TABLE)
      .where({ scope, key })
      .where('expires_at', '>', this.knex.fn.now())
      .first<Row | undefined>('status', 'request_hash', 'status_code', 'headers', 'body');
    return row ? toState(row) : null;
  }

  /** False when `owner` no longer holds the key: a takeover completed it first. */
  async complete(scope: string, key: string, owner: string, response: StoredResponse): Promise<boolean> {
    const updated = await this.knex(TABLE)
      .where({ scope, key, owner, status: 'reserved' })
      .update({
        status: 'completed',
        reserved_until: null,
        status_code: response.statusCode,
        headers: JSON.stringify(response.headers),
        body: response.body,
      });
    return updated === 1;
  }

  /** A request that failed frees its key, so the corrected request can use it. */
  async release(scope: string, key: string, owner: string): Promise<void> {
    await this.knex(TABLE).where({ scope, key, owner, status: 'reserved' }).delete();
  }

  async purgeExpired(limit: number): Promise<number> {
    const { rowCount } = await this.knex.raw<{ rowCount: number }>(
      `DELETE FROM ${TABLE} WHERE ctid IN (SELECT ctid FROM ${TABLE} WHERE expires_at <= now() LIMIT ?)`,
      [limit],
    );
    return rowCount;
  }
}
