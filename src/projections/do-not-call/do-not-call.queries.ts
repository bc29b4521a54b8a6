import type { Knex } from 'knex';
import type { DoNotCallEntryView, DoNotCallEntryWithHistoryView, Page } from '../../application/views.js';
import type { DncSource } from '../../domain/number/number.events.js';
import { decodeCursor, isInstantPhoneKey } from '../shared/cursor.js';
import { clampLimit, toPage } from '../shared/page.js';
import {
  DO_NOT_CALL,
  DO_NOT_CALL_HISTORY,
  toChangeView,
  toEntryView,
  type ChangeRecord,
  type EntryRecord,
} from './do-not-call-record.js';

/** Expiry is a matter of time, not of an event: an entry stops being listed at its `expires_at`. */
const inForce = (db: Knex, now: Date) =>
  db<EntryRecord>(DO_NOT_CALL).where((q) => q.whereNull('expires_at').orWhere('expires_at', '>', now));

export type DoNotCallFilter = Readonly<{ source?: DncSource; limit?: number; cursor?: string }>;

export async function listDoNotCall(db: Knex, filter: DoNotCallFilter, now: Date): Promise<Page<DoNotCallEntryView>> {
  const limit = clampLimit(filter.limit);
  const query = inForce(db, now)
    .orderBy([
      { column: 'listed_at', order: 'desc' },
      { column: 'phone_number', order: 'desc' },
    ])
    .limit(limit + 1);
  if (filter.source) query.where('source', filter.source);
  if (filter.cursor) {
    const [listedAt, phone] = decodeCursor(filter.cursor, isInstantPhoneKey);
    query.whereRaw('(listed_at, phone_number) < (?::timestamptz, ?)', [listedAt, phone]);
  }
  return toPage(await query, limit, toEntryView, (r) => [new Date(r.listed_at).toISOString(), r.phone_number]);
}

export async function findDoNotCallEntry(db: Knex, phoneNumber: string, now: Date): Promise<DoNotCallEntryWithHistoryView | null> {
  const [entry] = await inForce(db, now).where('phone_number', phoneNumber);
  if (!entry) return null;
  const history = await db<ChangeRecord>(DO_NOT_CALL_HISTORY).where('phone_number', phoneNumber).orderBy('stream_version');
  return { ...toEntryView(entry), history: history.map(toChangeView) };
}

/** Which of `phoneNumbers` have an entry in force at `now`. */
export async function listedAmong(db: Knex, phoneNumbers: readonly string[], now: Date): Promise<Set<string>> {
  const listed = new Set<string>();
  for (let i = 0; i < phoneNumbers.length; i += 5_000) {
    const rows = await inForce(db, now).whereIn('phone_number', phoneNumbers.slice(i, i + 5_000)).select('phone_number');
    for (const row of rows) listed.add(row.phone_number);
  }
  return listed;
}
