import pg from 'pg';

export type WakeReason = 'notified' | 'timeout' | 'aborted';

/** Minimum gap between two attempts to (re)open the LISTEN connection; subscribers poll meanwhile. */
const RECONNECT_DELAY_MS = 1_000;

/**
 * One dedicated connection per store LISTENing on `events`, shared by all its subscriptions.
 * A notification only bumps `generation`: subscribers compare it with the value they saw before
 * reading, so a notification that lands between their read and their wait is never lost.
 */
export class NotificationListener {
  private client: pg.Client | undefined;
  private starting: Promise<void> | undefined;
  private lastAttemptAt = 0;
  private closed = false;
  private readonly waiters = new Set<() => void>();
  generation = 0;

  constructor(private readonly connection: string | pg.ClientConfig) {}

  /** Never throws: without a listener the subscriptions still poll. */
  async ensureStarted(): Promise<void> {
    if (this.client || this.closed) return;
    if (!this.starting && Date.now() - this.lastAttemptAt >= RECONNECT_DELAY_MS) {
      this.lastAttemptAt = Date.now();
      this.starting = this.connect().finally(() => (this.starting = undefined));
    }
    await this.starting;
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

  async close(): Promise<void> {
    this.closed = true;
    await this.starting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(
      typeof this.connection === 'string' ? { connectionString: this.connection } : this.connection,
    );
    client.on('notification', () => this.notify());
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = undefined;
      void client.end().catch(() => undefined);
      // Wake everyone: they read once more, then fall back to polling until we reconnect.
      this.notify();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query('LISTEN events');
      if (this.closed) await client.end();
      else this.client = client;
    } catch {
      await client.end().catch(() => undefined);
    }
  }

  private notify(): void {
    this.generation += 1;
    for (const wake of [...this.waiters]) wake();
  }
}
