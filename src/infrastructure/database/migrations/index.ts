import { type Knex } from 'knex';
import * as events from './0001-events.js';
import * as projectionCheckpoints from './0002-projection-checkpoints.js';
import * as idempotencyKeys from './0003-idempotency-keys.js';
import * as idempotencyReservations from './0004-idempotency-reservations.js';
import * as webhookSubscriptions from './0005-webhook-subscriptions.js';
import * as projectionQuarantine from './0006-projection-quarantine.js';

type MigrationModule = Readonly<{
  up: (knex: Knex) => Promise<void>;
  down: (knex: Knex) => Promise<void>;
}>;
type NamedMigration = Readonly<{ name: string; module: MigrationModule }>;

/** Listed explicitly (no directory scan) so Jest, tsx and compiled `dist/` run the same list. Append only. */
const migrations: readonly NamedMigration[] = [
  { name: '0001-events', module: events },
  { name: '0002-projection-checkpoints', module: projectionCheckpoints },
  { name: '0003-idempotency-keys', module: idempotencyKeys },
  { name: '0004-idempotency-reservations', module: idempotencyReservations },
  { name: '0005-webhook-subscriptions', module: webhookSubscriptions },
  { name: '0006-projection-quarantine', module: projectionQuarantine },
];

export const migrationSource: Knex.MigrationSource<NamedMigration> = {
  getMigrations: async () => [...migrations],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration.module,
};

/** Arbitrary constant key for the session advisory lock that serialises migrators. */
const MIGRATION_LOCK_KEY = 7_420_110_001;

/**
 * Idempotent and safe when several processes start at once. knex's own lock table is not enough
 * on a fresh database: two migrators can both create its tables and both insert the lock row,
 * after which every run fails as "already locked". A PostgreSQL advisory lock held on one pooled
 * connection serialises them, so the pool needs at least two connections.
 */
export const runMigrations = async (knex: Knex): Promise<void> => {
  await knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    await knex.migrate.latest({ migrationSource });
  });
};
