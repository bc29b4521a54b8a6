import type { Knex } from 'knex';

/**
 * Events a projection could not apply and set aside so it could go on (see applyOrQuarantine): one
 * row per projection generation and event, kept for operators until a rebuild retires the generation.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('projection_quarantine', (t) => {
    t.text('projection').notNullable();
    t.integer('generation').notNullable();
    t.text('commit_position').notNullable();
    t.text('prepare_position').notNullable();
    t.text('stream').notNullable();
    t.integer('stream_version').notNullable();
    t.text('event_type').notNullable();
    t.text('event_id').notNullable();
    t.text('error').notNullable();
    t.timestamp('quarantined_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['projection', 'generation', 'commit_position', 'prepare_position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('projection_quarantine');
}
