import type { Knex } from 'knex';
import pg from 'pg';

const RECONNECT_DELAY_MS = 1_000;

/**
 * One dedicated connection LISTENing on a channel. Never throws: while it is down, callers rely on
 * their poll fallback, and the next `ensureStarted` after RECONNECT_DELAY_MS tries again.
 */
export class PgChannelListener {
  private client: pg.Client | undefined;
  private starting: Promise<void> | undefined;
  private lastAttemptAt = 0;
  private closed = false;

  constructor(
    private readonly knex: Knex,
    private readonly channel: string,
    private readonly onNotify: () => void,
  ) {}

  async ensureStarted(): Promise<void> {
    if (this.client || this.closed) return;
    if (!this.starting && Date.now() - this.lastAttemptAt >= RECONNECT_DELAY_MS) {
      this.lastAttemptAt = Date.now();
      this.starting = this.connect().finally(() => (this.starting = undefined));
    }
    await this.starting;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const connection = this.knex.client.config.connection as string | pg.ClientConfig;
    const client = new pg.Client(typeof connection === 'string' ? { connectionString: connection } : connection);
    client.on('notification', () => this.onNotify());
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = undefined;
      void client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
      if (this.closed) await client.end();
      else this.client = client;
    } catch {
      await client.end().catch(() => undefined);
    }
  }
}
