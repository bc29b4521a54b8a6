import type { Knex } from 'knex';

/**
 * A key is reserved before its request runs, so two requests with one key never both run: the
 * unique (scope, key) row is the lock. `owner` is the reservation's holder until `reserved_until`
 * (then a retry with the same body may take over a crashed holder's work); the response columns are
 * filled when it completes. Keys are forgotten after `expires_at`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.text('status').notNullable().defaultTo('completed');
    t.uuid('owner').nullable();
    t.timestamp('reserved_until', { useTz: true }).nullable();
    t.timestamp('expires_at', { useTz: true }).notNullable().defaultTo(knex.raw("now() + interval '24 hours'"));
    t.integer('status_code').nullable().alter();
    t.json('headers').nullable().alter();
    t.text('body').nullable().alter();
    t.index(['expires_at']);
  });
  await knex.raw("ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_status CHECK (status IN ('reserved', 'completed'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex('idempotency_keys').where({ status: 'reserved' }).delete();
  await knex.raw('ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_status');
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.dropIndex(['expires_at']);
    t.dropColumns('status', 'owner', 'reserved_until', 'expires_at');
    t.integer('status_code').notNullable().alter();
    t.json('headers').notNullable().alter();
    t.text('body').notNullable().alter();
  });
}
