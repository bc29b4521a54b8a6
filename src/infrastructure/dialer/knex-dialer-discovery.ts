import type { Knex } from 'knex';
import type { DialerDiscovery } from '../../application/dialer/dialer.types.js';
import type { QueuedCall } from '../../domain/dialer/dial-queue.js';

const SINGLE_CALLS_PER_PASS = 10_000;

/**
 * Discovery from the read models (`campaigns`, `calls` views): a hint of where work may be. A stale
 * or missing row only delays a takeover; the dialer decides from the streams. Before the read side
 * has built its views, there is nothing to discover yet.
 */
export const knexDialerDiscovery = (knex: Knex): DialerDiscovery => {
  const tolerant = async <T>(query: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await query();
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return []; // undefined_table: views not built yet
      throw error;
    }
  };
  return {
    campaignsToDial: () =>
      tolerant(async () => {
        const rows = await knex.raw<{ rows: Array<{ id: string }> }>(`
          SELECT id FROM campaigns WHERE status IN ('in_progress', 'paused')
          UNION
          SELECT DISTINCT campaign_id FROM calls
           WHERE campaign_id IS NOT NULL AND status IN ('in_progress', 'retry_scheduled')`);
        return rows.rows.map((r) => r.id);
      }),
    pendingSingleCalls: () =>
      tolerant(async () => {
        const rows = await knex('calls')
          .select<Array<{ id: string; phone_number: string }>>('id', 'phone_number')
          .whereNull('campaign_id')
          .andWhere('status', 'pending')
          .orderBy([{ column: 'created_at' }, { column: 'id' }])
          .limit(SINGLE_CALLS_PER_PASS);
        return rows.map((r): QueuedCall => ({ callId: r.id, phoneNumber: r.phone_number }));
      }),
  };
};
