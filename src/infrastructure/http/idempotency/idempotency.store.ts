import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { KNEX } from '../../database/knex.factory.js';

export type StoredResponse = Readonly<{
  statusCode: number;
  headers: Readonly<Record<string, string>>;
  /** Serialized JSON, replayed as it was first sent. */
  body: string;
}>;

export type IdempotencyRecord = StoredResponse & Readonly<{ requestHash: string }>;

type Row = { request_hash: string; status_code: number; headers: Record<string, string>; body: string };

const toRecord = (row: Row): IdempotencyRecord => ({
  requestHash: row.request_hash,
  statusCode: row.status_code,
  headers: row.headers,
  body: row.body,
});

@Injectable()
export class IdempotencyStore {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  async find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const row = await this.knex('idempotency_keys').where({ scope, key }).first<Row | undefined>();
    return row ? toRecord(row) : null;
  }

  /** First writer wins: answers the record now stored, which is another request's when it raced us. */
  async save(scope: string, key: string, record: IdempotencyRecord): Promise<IdempotencyRecord> {
    await this.knex('idempotency_keys')
      .insert({
        scope,
        key,
        request_hash: record.requestHash,
        status_code: record.statusCode,
        headers: JSON.stringify(record.headers),
        body: record.body,
      })
      .onConflict(['scope', 'key'])
      .ignore();
    return (await this.find(scope, key)) ?? record;
  }
}
