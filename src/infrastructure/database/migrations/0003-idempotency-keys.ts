import type { Knex } from 'knex';

/**
 * The first successful response to each `Idempotency-Key`, replayed to retries. `scope` is the
 * caller and route the key was used on, `request_hash` the body it was used with.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.text('scope').notNullable();
    t.text('key').notNullable();
    t.text('request_hash').notNullable();
    t.integer('status_code').notNullable();
    t.json('headers').notNullable();
    // The response as sent, byte for byte: jsonb would reorder its keys.
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['scope', 'key']);
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
}
