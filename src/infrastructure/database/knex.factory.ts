import knex, { type Knex } from 'knex';

/** DI token of the application's knex (PostgreSQL: read models, and the events table by default). */
export const KNEX = Symbol('Knex');

export type KnexOptions = Readonly<{
  pool?: Readonly<{ min?: number; max?: number }>;
  /** How long a query waits for a pooled connection before failing. */
  acquireTimeoutMs?: number;
  /** Where knex's own warnings go (by default console.log), e.g. the service logger. */
  log?: Knex.Logger;
  /**
   * Let knex inline bound values into error messages (`compileSqlOnError`). Off by default: they
   * would carry phone numbers and campaign names into every log that prints the error; only
   * LOG_LEVEL=debug turns it on.
   */
  valuesInErrors?: boolean;
}>;

/**
 * int8 and xid8 stay strings as pg returns them: the adapters convert to bigint where they need
 * it, and no global `pg.types` parser is changed under other code's feet.
 */
export const createKnex = (databaseUrl: string, options: KnexOptions = {}): Knex =>
  knex({
    client: 'pg',
    connection: databaseUrl,
    // min 0: idle services and test databases hold no connections they do not use.
    pool: { min: 0, max: 10, ...options.pool },
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 10_000,
    compileSqlOnError: options.valuesInErrors ?? false,
    log: options.log ?? { warn: quietAcquireErrors },
  });

/**
 * A failed pool acquire is thrown to the caller, which reports it; knex's own console line would say it
 * again, unmasked, and from work still settling after a shutdown.
 */
const quietAcquireErrors = (message: string): void => {
  if (!message.startsWith('Acquire connection error')) console.warn(message);
};
