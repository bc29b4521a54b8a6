import type { Projection } from '../projection.js';
import { chunks } from '../shared/segments.js';
import { DO_NOT_CALL, DO_NOT_CALL_HISTORY, dncChange, evolveEntry, toChangeRecord, type EntryRecord } from './do-not-call-record.js';

/** The do-not-call list (entries as last added, until removed) and every change to each number. */
export const doNotCallProjection: Projection = {
  name: 'do-not-call',
  version: 1,
  tables: [DO_NOT_CALL, DO_NOT_CALL_HISTORY],

  async createTables(trx, table) {
    const entries = table(DO_NOT_CALL);
    const history = table(DO_NOT_CALL_HISTORY);
    await trx.raw(`
      CREATE TABLE ?? (
        phone_number text PRIMARY KEY,
        reason       text NOT NULL,
        source       text NOT NULL,
        expires_at   timestamptz,
        call_id      text,
        listed_at    timestamptz NOT NULL,
        listed_by    text NOT NULL,
        updated_at   timestamptz NOT NULL,
        version      integer NOT NULL
      )`, [entries]);
    // GET /dnc[?source=], newest first, keyset-paginated by (listed_at, phone_number).
    await trx.raw('CREATE INDEX ?? ON ?? (listed_at DESC, phone_number DESC)', [`${entries}_listed_idx`, entries]);
    await trx.raw(`
      CREATE TABLE ?? (
        phone_number   text NOT NULL,
        stream_version integer NOT NULL,
        action         text NOT NULL,
        reason         text,
        source         text,
        expires_at     timestamptz,
        call_id        text,
        actor          text NOT NULL,
        at             timestamptz NOT NULL,
        PRIMARY KEY (phone_number, stream_version)
      )`, [history]);
  },

  async apply(trx, events, table) {
    const changes = events.map(dncChange).filter((c) => c !== null);
    if (changes.length === 0) return;
    const entries = table(DO_NOT_CALL);
    const numbers = [...new Set(changes.map((c) => c.event.data.phoneNumber))];
    const current = await trx<EntryRecord>(entries).whereRaw('phone_number = any(?)', [numbers]);
    const rows = new Map<string, EntryRecord | null>(current.map((r) => [r.phone_number, r]));
    for (const change of changes) {
      const phone = change.event.data.phoneNumber;
      rows.set(phone, evolveEntry(rows.get(phone) ?? null, change));
    }
    const kept = [...rows.values()].filter((r) => r !== null);
    const gone = [...rows.entries()].filter(([, r]) => r === null).map(([phone]) => phone);
    if (gone.length > 0) await trx(entries).whereRaw('phone_number = any(?)', [gone]).delete();
    for (const chunk of chunks(kept, 1_000)) await trx(entries).insert(chunk).onConflict('phone_number').merge();
    for (const chunk of chunks(changes.map(toChangeRecord), 1_000)) await trx(table(DO_NOT_CALL_HISTORY)).insert(chunk);
  },
};
