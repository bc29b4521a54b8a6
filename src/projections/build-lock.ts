import type { Knex } from 'knex';

const LOCK_SPACE = 0x70726f6a; // 'proj'

/**
 * Holds a session advisory lock for each named projection while `work` runs, on a connection of its
 * own: one builder per projection at a time, across processes. Taken in name order, so two builders
 * of overlapping sets cannot deadlock. A builder that dies loses its connection and so its locks,
 * which is how the next builder knows a leftover `building` generation is stale.
 */
export async function withBuildLock<T>(knex: Knex, names: string | readonly string[], work: () => Promise<T>): Promise<T> {
  const sorted = [...new Set(typeof names === 'string' ? [names] : names)].sort();
  const connection: unknown = await knex.client.acquireConnection();
  const held: string[] = [];
  try {
    for (const name of sorted) {
      await knex.raw('SELECT pg_advisory_lock(?, hashtext(?))', [LOCK_SPACE, name]).connection(connection);
      held.push(name);
    }
    return await work();
  } finally {
    for (const name of held.reverse()) {
      await knex
        .raw('SELECT pg_advisory_unlock(?, hashtext(?))', [LOCK_SPACE, name])
        .connection(connection)
        .catch(() => undefined);
    }
    await knex.client.releaseConnection(connection);
  }
}
