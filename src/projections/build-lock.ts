import type { Knex } from 'knex';

const LOCK_SPACE = 0x70726f6a; // 'proj'

/**
 * Holds a session advisory lock for one projection while `work` runs, on a connection of its own:
 * one builder per projection at a time, across processes. A builder that dies loses its connection
 * and so its lock, which is how the next builder knows a leftover `building` generation is stale.
 */
export async function withBuildLock<T>(knex: Knex, name: string, work: () => Promise<T>): Promise<T> {
  const connection: unknown = await knex.client.acquireConnection();
  try {
    await knex.raw('SELECT pg_advisory_lock(?, hashtext(?))', [LOCK_SPACE, name]).connection(connection);
    try {
      return await work();
    } finally {
      await knex
        .raw('SELECT pg_advisory_unlock(?, hashtext(?))', [LOCK_SPACE, name])
        .connection(connection)
        .catch(() => undefined);
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}
