import { type Knex } from 'knex';

/**
 * The append-only log. `transaction_id` is the writer's xid8: readers order by
 * (transaction_id, position) and only read transactions older than every running one, so a
 * transaction that commits late can delay a reader but never be skipped by it.
 */
export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    CREATE TABLE events (
      position       bigserial PRIMARY KEY,
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      stream         text NOT NULL,
      stream_version integer NOT NULL,
      event_id       uuid NOT NULL,
      type           text NOT NULL,
      schema_version integer NOT NULL,
      data           jsonb NOT NULL,
      metadata       jsonb NOT NULL,
      recorded_at    timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT events_stream_version_key UNIQUE (stream, stream_version),
      CONSTRAINT events_event_id_key UNIQUE (event_id)
    )`);
  await knex.raw('CREATE INDEX events_transaction_position_idx ON events (transaction_id, position)');
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('DROP TABLE events');
};
