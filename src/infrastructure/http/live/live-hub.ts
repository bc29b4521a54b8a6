import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';
import { comparePositions, formatPosition, type Position } from '../../../application/ports/event-store.port.js';
import type { LiveFeed } from '../../../projections/live/live-feed.js';
import type { LiveBatch } from '../../../projections/live/live-feed.types.js';
import { sseMessage } from './sse-stream.js';

export const LIVE_FEED = Symbol('LiveFeed');

/**
 * A client this far behind in reading is cut off rather than buffered without bound: its EventSource
 * reconnects with Last-Event-ID and gets what changed since, which is smaller than what it missed.
 */
export const MAX_UNREAD_BYTES = 1024 * 1024;
export const LIVE_HEARTBEAT_MS = Symbol('LiveHeartbeatMs');

/** Which campaign a stream follows; null: all of them. */
export type LiveScope = Readonly<{ campaignId: string | null }>;

type Stream = { res: Response; scope: LiveScope; after: Position | null; pending: LiveBatch[] | null };

/**
 * Every open stream of this process. One feed subscription and one heartbeat timer serve them all:
 * a batch is rendered once per scope kind and written to each stream, so 300 streams cost 300 writes,
 * not 300 queries.
 */
@Injectable()
export class LiveHub implements OnModuleDestroy {
  private readonly streams = new Set<Stream>();
  private readonly heartbeat: NodeJS.Timeout;
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(LIVE_FEED) readonly feed: LiveFeed,
    @Inject(LIVE_HEARTBEAT_MS) heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => this.writeAll(': heartbeat\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.streams.size;
  }

  /**
   * Adds a stream that already has its headers. Batches arriving while `catchUp` writes what the
   * client missed are held, then written if they are past it, so nothing lands out of order.
   */
  async attach(res: Response, scope: LiveScope, catchUp: (write: (text: string) => void) => Promise<Position | null>): Promise<void> {
    const stream: Stream = { res, scope, after: null, pending: [] };
    this.streams.add(stream);
    this.unsubscribe ??= this.feed.subscribe((batch) => this.publish(batch));
    res.on('close', () => this.streams.delete(stream));
    try {
      stream.after = await catchUp((text) => res.write(text));
    } finally {
      const held = stream.pending ?? [];
      stream.pending = null;
      for (const batch of held) this.deliver(stream, batch);
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    for (const { res } of this.streams) res.end();
    this.streams.clear();
    await this.feed.close();
  }

  private publish(batch: LiveBatch): void {
    for (const stream of this.streams) {
      if (stream.pending) stream.pending.push(batch);
      else this.deliver(stream, batch);
    }
  }

  private deliver(stream: Stream, batch: LiveBatch): void {
    if (stream.after && comparePositions(batch.position, stream.after) <= 0) return;
    const text = renderBatch(batch, stream.scope);
    if (!text) return;
    if (stream.res.writableLength > MAX_UNREAD_BYTES) {
      this.streams.delete(stream);
      stream.res.end();
      return;
    }
    stream.res.write(text);
  }

  private writeAll(text: string): void {
    for (const { res, pending } of this.streams) if (!pending) res.write(text);
  }
}

/**
 * The messages of a batch for one scope; only the last carries the `id`, so a client that
 * reconnects after a cut in the middle of a batch gets the whole batch again.
 */
export function renderBatch(batch: LiveBatch, scope: LiveScope): string {
  const messages: Array<[string, unknown]> = [];
  if (batch.resync) messages.push(['resync', { reason: 'too many changes to list: read again' }]);
  for (const [id, view] of batch.campaigns) {
    if (scope.campaignId !== null && scope.campaignId !== id) continue;
    messages.push(view ? ['campaign', view] : ['campaign_deleted', { id }]);
    if (scope.campaignId !== null) for (const call of batch.calls.get(id) ?? []) messages.push(['call', call]);
  }
  const id = formatPosition(batch.position);
  return messages.map(([event, data], i) => sseMessage(event, data, i === messages.length - 1 ? id : undefined)).join('');
}
