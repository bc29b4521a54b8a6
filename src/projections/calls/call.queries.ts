import type { Knex } from 'knex';
import type { CallStatus, CallView, Page } from '../../application/views.js';
import { decodeCursor, isPositionIdKey } from '../shared/cursor.js';
import { clampLimit, toPage } from '../shared/page.js';
import { toCallView } from './call-row.js';
import { CALLS, fromCallRecord, type CallRecord } from './call-record.js';

export async function findCallView(db: Knex, id: string): Promise<CallView | null> {
  const record = await db<CallRecord>(CALLS).where({ id }).first();
  return record ? toCallView(fromCallRecord(record)) : null;
}

export type CallListFilter = Readonly<{ status?: CallStatus; limit?: number; cursor?: string }>;

/** In the order the numbers were added; the key (position, id) is unique and immutable. */
export async function listCampaignCallViews(db: Knex, campaignId: string, filter: CallListFilter): Promise<Page<CallView>> {
  const limit = clampLimit(filter.limit);
  const query = db<CallRecord>(CALLS)
    .where({ campaign_id: campaignId })
    .orderBy([{ column: 'position' }, { column: 'id' }])
    .limit(limit + 1);
  if (filter.status) query.where({ status: filter.status });
  if (filter.cursor) {
    const [position, id] = decodeCursor(filter.cursor, isPositionIdKey);
    query.whereRaw('(position, id) > (?::integer, ?)', [position, id]);
  }
  return toPage(await query, limit, (r) => toCallView(fromCallRecord(r)), (r) => [r.position ?? 0, r.id]);
}
