import { AsyncLocalStorage } from 'node:async_hooks';
import { type Readable } from 'node:stream';
import {
  comparePositions,
  EventStoreUnavailableError,
  type Position,
  type RecordedEvent,
  type Subscription,
  type SubscriptionHandler,
} from '../../../application/ports/event-store.port.js';

/** What `subscribeToAll` returns, seen structurally: a paused object-mode stream we can cancel. */
export type SubscriptionSource = Readable & { unsubscribe(): Promise<void> };

export type BatchingOptions = Readonly<{
  /** Exclusive: anything at or before it is dropped, whatever the server sends. */
  fromPosition?: Position;
  maxBatchSize: number;
  /** Our event, or null for what the subscriber must not see (system events). */
  toEvent(item: unknown): RecordedEvent | null;
  translateError(error: unknown): unknown;
}>;

/**
 * Pulls from `source` only between handler calls: a batch is whatever is already buffered (up to
 * maxBatchSize), so catch-up arrives in full batches and live events are never held back waiting for
 * company. While the handler runs nothing is read, the stream's buffer fills and gRPC flow control
 * stops the server — that is the backpressure.
 */
export function startBatchedSubscription(
  source: SubscriptionSource,
  options: BatchingOptions,
  handler: SubscriptionHandler,
): Subscription {
  const insideHandler = new AsyncLocalStorage<true>();
  let last = options.fromPosition;
  let stopping = false;
  let ended = false;
  let failure: { error: unknown } | null = null;
  let signalled = false;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    signalled = true;
    const resume = wake;
    wake = null;
    resume?.();
  };
  source.on('readable', signal);
  source.on('end', () => {
    ended = true;
    signal();
  });
  source.on('close', () => {
    ended = true;
    signal();
  });
  // Stays attached after we are done: an 'error' event without a listener would crash the process.
  source.on('error', (error: unknown) => {
    failure ??= { error };
    signal();
  });

  const drain = (): RecordedEvent[] => {
    const batch: RecordedEvent[] = [];
    while (batch.length < options.maxBatchSize) {
      const item: unknown = source.read();
      if (item === null) break;
      const event = options.toEvent(item);
      if (!event || (last && comparePositions(event.position, last) <= 0)) continue;
      last = event.position;
      batch.push(event);
    }
    return batch;
  };

  const run = async (): Promise<void> => {
    for (;;) {
      if (stopping) return;
      signalled = false;
      const batch = drain();
      if (batch.length > 0) {
        await insideHandler.run(true, () => handler(batch));
        continue;
      }
      if (stopping) return;
      if (failure) throw options.translateError(failure.error);
      if (ended) throw new EventStoreUnavailableError('EventStoreDB ended the subscription');
      if (!signalled) await new Promise<void>((resolve) => (wake = resolve));
    }
  };

  const cancel = async (): Promise<void> => {
    await source.unsubscribe().catch(() => undefined);
    source.destroy();
  };
  const closed = run().finally(cancel);
  closed.catch(() => undefined); // the owner learns of a failure through `closed`; the process must not crash

  return {
    closed,
    async stop(): Promise<void> {
      stopping = true;
      signal();
      // Called from inside our own handler, waiting for the loop would wait for that very handler.
      if (insideHandler.getStore()) return;
      await closed.catch(() => undefined);
    },
  };
}
