import type { Knex } from 'knex';

/**
 * Outbound webhook subscriptions and each one's delivery state. `checkpoint` is the log position of
 * the last event handled (delivered, or not wanted); a worker holds `lease_owner` until
 * `lease_expires_at` so two instances do not deliver the same subscription at once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_subscriptions', (t) => {
    t.uuid('id').primary();
    t.text('url').notNullable();
    t.jsonb('event_types').notNullable();
    t.text('secret').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.text('checkpoint');
    t.bigInteger('delivered').notNullable().defaultTo(0);
    t.timestamp('last_success_at', { useTz: true });
    t.timestamp('last_failure_at', { useTz: true });
    t.text('last_error');
    t.integer('failures').notNullable().defaultTo(0);
    t.timestamp('failing_since', { useTz: true });
    t.timestamp('next_retry_at', { useTz: true });
    t.timestamp('parked_at', { useTz: true });
    t.text('lease_owner');
    t.timestamp('lease_expires_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_subscriptions');
}
