import type { Knex } from 'knex';
import pg from 'pg';
import type { ListenToChannel } from '../../projections/projections.tokens.js';

/** Minimum gap between two attempts to (re)open the connection; callers poll meanwhile. */
const RECONNECT_DELAY_MS = 1_000;

export type PgConnection = string | pg.ClientConfig;

export const connectionOf = (knex: Knex): PgConnection => knex.client.config.connection as PgConnection;

/**
 * One dedicated connection LISTENing on a channel. Never throws: while it is down, callers rely on
 * their poll fallback, and the next `ensureStarted` after RECONNECT_DELAY_MS tries again. Losing
 * the connection also calls `onNotify`, so nobody sleeps through what it might have missed.
 */
export class PgChannelListener {
  private client: pg.Client | undefined;
  private starting: Promise<void> | undefined;
  private lastAttemptAt = 0;
  private closed = false;

  constructor(
    private readonly connection: PgConnection,
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
    const client = new pg.Client(
      typeof this.connection === 'string' ? { connectionString: this.connection } : this.connection,
    );
    client.on('notification', () => this.onNotify());
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = undefined;
      void client.end().catch(() => undefined);
      this.onNotify();
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

/** The read side's `ListenToChannel`, on the connection settings of `knex`. */
export const pgListenToChannel =
  (knex: Knex): ListenToChannel =>
  (channel, onNotify) =>
    new PgChannelListener(connectionOf(knex), channel, onNotify);
