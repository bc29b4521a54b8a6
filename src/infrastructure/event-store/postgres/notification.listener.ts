import { PgChannelListener, type PgConnection } from '../../database/pg-channel.listener.js';

export type WakeReason = 'notified' | 'timeout' | 'aborted';

/**
 * One LISTEN on `events` per store, shared by all its subscriptions. A notification only bumps
 * `generation`: subscribers compare it with the value they saw before reading, so a notification
 * that lands between their read and their wait is never lost.
 */
export class NotificationListener {
  private readonly channel: PgChannelListener;
  private readonly waiters = new Set<() => void>();
  generation = 0;

  constructor(connection: PgConnection) {
    this.channel = new PgChannelListener(connection, 'events', () => this.notify());
  }

  /** Never throws: without a listener the subscriptions still poll. */
  ensureStarted(): Promise<void> {
    return this.channel.ensureStarted();
  }

  wait(sinceGeneration: number, timeoutMs: number, signal: AbortSignal): Promise<WakeReason> {
    if (this.generation !== sinceGeneration) return Promise.resolve('notified');
    if (signal.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      const done = (reason: WakeReason): void => {
        clearTimeout(timer);
        this.waiters.delete(onNotify);
        signal.removeEventListener('abort', onAbort);
        resolve(reason);
      };
      const onNotify = (): void => done('notified');
      const onAbort = (): void => done('aborted');
      const timer = setTimeout(() => done('timeout'), timeoutMs);
      this.waiters.add(onNotify);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): Promise<void> {
    return this.channel.close();
  }

  private notify(): void {
    this.generation += 1;
    for (const wake of [...this.waiters]) wake();
  }
}
