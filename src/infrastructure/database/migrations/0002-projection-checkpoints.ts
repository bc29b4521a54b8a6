import type { Knex } from 'knex';

/**
 * One row per generation of each projection; at most one live generation per projection.
 * `last_recorded_at` is the store time of the last event applied: lag in seconds is the head's
 * time minus this one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('projection_checkpoints', (t) => {
    t.text('name').notNullable();
    t.integer('generation').notNullable();
    t.integer('schema_version').notNullable();
    t.text('status').notNullable();
    t.specificType('commit_position', 'numeric(20)');
    t.specificType('prepare_position', 'numeric(20)');
    t.bigInteger('events_processed').notNullable().defaultTo(0);
    t.timestamp('last_recorded_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['name', 'generation']);
  });
  await knex.raw(`CREATE UNIQUE INDEX projection_checkpoints_one_live ON projection_checkpoints (name) WHERE status = 'live'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('projection_checkpoints');
}
