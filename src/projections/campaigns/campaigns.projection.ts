import type { Knex } from 'knex';
import type { Projection } from '../projection.js';
import { campaignFact } from '../shared/domain-events.js';
import { chunks } from '../shared/segments.js';
import { CAMPAIGNS, fromCampaignRecord, toCampaignRecord, type CampaignRecord } from './campaign-record.js';
import { evolveCampaignRow, type CampaignRow } from './campaign-row.js';

/** Campaign list and detail: config, status, timestamps, stream version. Deleted campaigns have no row. */
export const campaignsProjection: Projection = {
  name: 'campaigns',
  version: 3,
  tables: [CAMPAIGNS],

  async createTables(trx, table) {
    const t = table(CAMPAIGNS);
    await trx.raw(`
      CREATE TABLE ?? (
        id                   text PRIMARY KEY,
        name                 text NOT NULL,
        schedule             jsonb NOT NULL,
        max_concurrent_calls integer NOT NULL,
        retry_policy         jsonb NOT NULL,
        recipient_hours      jsonb,
        compliance_rules     text NOT NULL,
        subject              text NOT NULL,
        weight               integer NOT NULL,
        status               text NOT NULL,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL,
        started_at           timestamptz,
        ended_at             timestamptz,
        version              integer NOT NULL,
        waiting_global       boolean NOT NULL DEFAULT false
      )`, [t]);
    // GET /campaigns[?status=], newest first, keyset-paginated by (created_at, id).
    await trx.raw('CREATE INDEX ?? ON ?? (created_at DESC, id DESC)', [`${t}_created_idx`, t]);
    await trx.raw('CREATE INDEX ?? ON ?? (status, created_at DESC, id DESC)', [`${t}_status_created_idx`, t]);
  },

  async apply(trx, events, table) {
    const t = table(CAMPAIGNS);
    const facts = events.map(campaignFact).filter((f) => f !== null);
    await applyCampaigns(trx, t, facts);
    // The global slot ledger says when a campaign waits for MAX_CONCURRENT_CALLS (kept beside the row, not in it).
    for (const event of events) {
      if (event.type !== 'GlobalDemandChanged' || event.data.campaignId === null) continue;
      await trx(t).where({ id: event.data.campaignId }).update({ waiting_global: event.data.waiting });
    }
  },
};

/** Campaign events folded into their rows: one read and one upsert per batch. */
const applyCampaigns = async (trx: Knex.Transaction, t: string, facts: ReadonlyArray<NonNullable<ReturnType<typeof campaignFact>>>): Promise<void> => {
  if (facts.length === 0) return;
  const ids = [...new Set(facts.map((f) => f.id))];
  const records = await trx<CampaignRecord>(t).whereRaw('id = any(?)', [ids]);
  const rows = new Map<string, CampaignRow | null>(records.map((r) => [r.id, fromCampaignRecord(r)]));
  for (const fact of facts) rows.set(fact.id, evolveCampaignRow(rows.get(fact.id) ?? null, fact));
  const kept = [...rows.values()].filter((r) => r !== null);
  const gone = [...rows.entries()].filter(([, r]) => r === null).map(([id]) => id);
  if (gone.length > 0) await trx(t).whereRaw('id = any(?)', [gone]).delete();
  for (const chunk of chunks(kept, 1_000)) await trx(t).insert(chunk.map(toCampaignRecord)).onConflict('id').merge();
};
