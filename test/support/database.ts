import { randomBytes } from 'node:crypto';
import { type Knex } from 'knex';
import pg from 'pg';
import { createKnex } from '../../src/infrastructure/database/knex.factory.js';
import { runMigrations } from '../../src/infrastructure/database/migrations/index.js';
import { acquireServer, releaseServer } from './postgres-server.js';

export type TestDatabase = Readonly<{ url: string; knex: Knex; drop(): Promise<void> }>;

const withAdmin = async (serverUrl: string, sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const databaseUrl = (serverUrl: string, name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** A fresh, migrated database per call, so tests never share rows; `drop()` removes it. */
export const createTestDatabase = async (options: { migrate?: boolean } = {}): Promise<TestDatabase> => {
  const serverUrl = await acquireServer();
  const name = `dialstream_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, `CREATE DATABASE ${name}`).catch(async (error: unknown) => {
    await releaseServer();
    throw error;
  });
  const url = databaseUrl(serverUrl, name);
  const knex = createKnex(url);
  const drop = async (): Promise<void> => {
    await knex.destroy();
    try {
      await withAdmin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await releaseServer();
    }
  };
  try {
    if (options.migrate ?? true) await runMigrations(knex);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, knex, drop };
};
