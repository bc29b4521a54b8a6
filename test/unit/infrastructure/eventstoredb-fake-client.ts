import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { PassThrough, Readable } from 'node:stream';
import { StreamNotFoundError as EsdbStreamNotFoundError } from '@eventstore/db-client';
import { type EsdbClient } from '../../../src/infrastructure/event-store/eventstoredb/eventstoredb-event-store.js';

export type FakeRecord = {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: true;
  created: Date;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  position: { commit: bigint; prepare: bigint };
};

type Position = { commit: bigint; prepare: bigint };
const cmp = (a: Position, b: Position): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : a.commit < b.commit ? -1 : 1;

const streamOf = <T>(items: T[]): Readable & { cancel(): Promise<void> } =>
  Object.assign(Readable.from(items, { objectMode: true }), { cancel: async () => undefined });

const failing = (error: Error): Readable & { cancel(): Promise<void> } =>
  Object.assign(
    new Readable({
      objectMode: true,
      read() {
        this.destroy(error);
      },
    }),
    { cancel: async () => undefined },
  );

/**
 * The read side of the client as the server behaves: $all reads *include* their start position
 * (as the client's own readAll test shows), backwards reads start at or before it, stream reads of
 * a missing stream fail with the client's StreamNotFoundError.
 */
export class FakeEsdb {
  readonly log: FakeRecord[] = [];
  readonly subscriptions: (PassThrough & { unsubscribe: jest.Mock<() => Promise<void>> })[] = [];
  readonly readAllCalls: { fromPosition: unknown; maxCount: number; direction: string }[] = [];
  appendToStream = jest.fn<(...args: unknown[]) => Promise<unknown>>();

  record(streamId: string, type = 'Tested', data: Record<string, unknown> = {}): FakeRecord {
    const revision = BigInt(this.log.filter((r) => r.streamId === streamId).length);
    const at = BigInt((this.log.length + 1) * 100);
    const record: FakeRecord = {
      streamId,
      id: randomUUID(),
      revision,
      type,
      isJson: true,
      created: new Date('2026-11-24T10:00:00.000Z'),
      data,
      metadata: { correlationId: 'c', causationId: 'c', actor: 'test', recordedAt: 'x', schemaVersion: 1 },
      position: { commit: at, prepare: at },
    };
    this.log.push(record);
    return record;
  }

  readonly client: EsdbClient = {
    appendToStream: ((...args: unknown[]) => this.appendToStream(...args)) as unknown as EsdbClient['appendToStream'],
    readStream: ((stream: string, options: { fromRevision?: bigint; maxCount?: number } = {}) => {
      const events = this.log.filter((r) => r.streamId === stream);
      if (events.length === 0) return failing(new EsdbStreamNotFoundError(undefined, stream));
      const from = options.fromRevision ?? 0n;
      const picked = events.filter((r) => r.revision >= from).slice(0, options.maxCount ?? Infinity);
      return streamOf(picked.map((event) => ({ event })));
    }) as unknown as EsdbClient['readStream'],
    readAll: ((options: { fromPosition: 'start' | 'end' | Position; maxCount: number; direction: string }) => {
      this.readAllCalls.push(options);
      const { fromPosition, maxCount, direction } = options;
      const ordered = direction === 'backwards' ? [...this.log].reverse() : this.log;
      const picked = ordered.filter((r) => {
        if (typeof fromPosition === 'string') return true;
        return direction === 'backwards' ? cmp(r.position, fromPosition) <= 0 : cmp(r.position, fromPosition) >= 0;
      });
      return streamOf(picked.slice(0, maxCount).map((event) => ({ event, commitPosition: event.position.commit })));
    }) as unknown as EsdbClient['readAll'],
    subscribeToAll: (() => {
      const source = Object.assign(new PassThrough({ objectMode: true, highWaterMark: 4 }), {
        unsubscribe: jest.fn(async (): Promise<void> => undefined),
      });
      this.subscriptions.push(source);
      return source;
    }) as unknown as EsdbClient['subscribeToAll'],
    dispose: async () => undefined,
  };
}
