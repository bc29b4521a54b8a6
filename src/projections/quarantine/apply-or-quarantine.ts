import type { Knex } from 'knex';
import { decodeEvent, type DecodedEvent } from '../../application/events/event-reader.js';
import type { RecordedEvent } from '../../application/ports/event-store.port.js';
import type { Projection, TableName } from '../projection.js';
import { quarantineEvent } from './quarantine.js';

/** Times an event is tried on its own before it is taken for poison. */
export const POISON_ATTEMPTS = 3;

/**
 * The database, not the event, failed: connection lost (08), serialization or deadlock (40), out of
 * resources (53), shutdown or statement timeout (57), or the network. Such a batch is retried later.
 */
const TRANSIENT_SQLSTATE = /^(08|40|53|57)/;
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const isTransient = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || NETWORK.has(code));
};

/** A rebuild hands one page to every projection it builds: each event is decoded once, not once a projection. */
const decoded = new WeakMap<RecordedEvent, DecodedEvent>();
const decodeOnce = (event: RecordedEvent): DecodedEvent => {
  let known = decoded.get(event);
  if (!known) decoded.set(event, (known = decodeEvent(event)));
  return known;
};

/** In a savepoint: a failed apply (or decode) leaves the batch's transaction as it was. */
const applyInSavepoint = (trx: Knex.Transaction, projection: Projection, events: readonly RecordedEvent[], table: TableName) =>
  trx.transaction((savepoint) => projection.apply(savepoint, events.map(decodeOnce), table));

/**
 * Applies a batch. If it fails for a reason of its own (not a transient database failure, which is
 * thrown so the runner retries later), each event is applied alone, up to POISON_ATTEMPTS times; one
 * that still fails, or cannot even be decoded, is recorded in the quarantine and skipped, so one bad
 * event never holds up every event after it. Quarantining needs the database too: when it is down,
 * nothing is set aside and the batch is retried.
 */
export async function applyOrQuarantine(
  trx: Knex.Transaction,
  projection: Projection,
  generation: number,
  events: readonly RecordedEvent[],
  table: TableName,
): Promise<number> {
  try {
    await applyInSavepoint(trx, projection, events, table);
    return 0;
  } catch (error) {
    if (isTransient(error)) throw error;
  }
  let quarantined = 0;
  for (const event of events) {
    const failure = await tryAlone(trx, projection, event, table);
    if (failure === null) continue;
    await quarantineEvent(trx, projection.name, generation, event, failure.error);
    quarantined += 1;
  }
  return quarantined;
}

async function tryAlone(trx: Knex.Transaction, projection: Projection, event: RecordedEvent, table: TableName): Promise<{ error: unknown } | null> {
  try {
    decodeEvent(event);
  } catch (error) {
    return { error }; // the stored payload is what it is: no attempt will read it differently
  }
  let last: unknown;
  for (let attempt = 0; attempt < POISON_ATTEMPTS; attempt++) {
    try {
      await applyInSavepoint(trx, projection, [event], table);
      return null;
    } catch (error) {
      if (isTransient(error)) throw error;
      last = error;
    }
  }
  return { error: last };
}
