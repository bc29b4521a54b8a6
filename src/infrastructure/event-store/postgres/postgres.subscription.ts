import {
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
} from '../../../application/ports/event-store.port.js';
import { type NotificationListener } from './notification.listener.js';

export type SubscriptionDeps = Readonly<{
  readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>;
  listener: NotificationListener;
  pollIntervalMs: number;
  maxBatchSize: number;
}>;

/**
 * After a notification that found nothing readable, something committed behind an older running
 * transaction: look again soon, backing off to the poll interval. That older transaction may end
 * without notifying (a rollback, or a transaction that wrote no events).
 */
const FIRST_RETRY_MS = 5;

export class PostgresSubscription implements Subscription {
  readonly closed: Promise<void>;
  private readonly abort = new AbortController();
  private inHandler = false;

  constructor(
    private readonly deps: SubscriptionDeps,
    options: SubscribeOptions,
    private readonly handler: SubscriptionHandler,
  ) {
    this.closed = this.run(options.fromPosition, options.maxBatchSize ?? deps.maxBatchSize);
    // `closed` is the place to observe failures; this keeps an unobserved one from crashing the process.
    this.closed.catch(() => undefined);
  }

  /** From inside the handler it returns at once; the subscription ends when the handler settles. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.inHandler) return;
    await this.closed.catch(() => undefined);
  }

  private async run(from: Position | undefined, limit: number): Promise<void> {
    const { readAll, listener, pollIntervalMs } = this.deps;
    const signal = this.abort.signal;
    let position = from;
    let retryMs: number | undefined;
    while (!signal.aborted) {
      await listener.ensureStarted();
      const generation = listener.generation;
      const batch = await readAll(position ? { fromPosition: position, limit } : { limit });
      if (signal.aborted) return;
      if (batch.length > 0) {
        await this.deliver(batch);
        position = batch[batch.length - 1]!.position;
        retryMs = undefined;
        continue;
      }
      const woke = await listener.wait(generation, retryMs ?? pollIntervalMs, signal);
      if (woke === 'notified') retryMs = FIRST_RETRY_MS;
      else if (retryMs !== undefined) retryMs = retryMs * 2 >= pollIntervalMs ? undefined : retryMs * 2;
    }
  }

  private async deliver(batch: readonly RecordedEvent[]): Promise<void> {
    this.inHandler = true;
    try {
      await this.handler(batch);
    } finally {
      this.inHandler = false;
    }
  }
}
