import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { createKnex } from '../../src/infrastructure/database/knex.factory.js';
import { runMigrations } from '../../src/infrastructure/database/migrations/index.js';

/** The local PostgreSQL the benches create their databases on; BENCH_POSTGRES_URL overrides it. */
export const BENCH_SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type BenchDatabase = Readonly<{ name: string; url: string; knex: Knex; drop(): Promise<void> }>;

const admin = async (sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** A fresh, migrated database per scenario, so no run ever sees another run's rows; `drop()` removes it. */
export const createBenchDatabase = async (): Promise<BenchDatabase> => {
  const name = `dialstream_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  const knex = createKnex(url.toString());
  const drop = async (): Promise<void> => {
    await knex.destroy();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  try {
    await runMigrations(knex);
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url: url.toString(), knex, drop };
};
