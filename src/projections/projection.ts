import type { Knex } from 'knex';
import type { DecodedEvent } from '../application/events/event-reader.js';

/** Maps a table's base name to the physical table of the generation being written. */
export type TableName = (base: string) => string;

/**
 * A read model. Its tables live as `<base>_g<generation>`; queries read the view `<base>`, which a
 * rebuild repoints atomically. `version` is the shape of tables and fold: bumping it makes the runner
 * rebuild from the first event before serving.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /** Base names of its tables, which are also the names of the views queries read. */
  readonly tables: readonly string[];
  createTables(trx: Knex.Transaction, table: TableName): Promise<void>;
  /** Runs in the transaction that also moves the checkpoint; never sees an event twice. Events are decoded. */
  apply(trx: Knex.Transaction, events: readonly DecodedEvent[], table: TableName): Promise<void>;
}

export const physicalTable = (base: string, generation: number): string => `${base}_g${generation}`;
