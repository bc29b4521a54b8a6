import type { Knex } from 'knex';
import { percentile } from './timing.js';

type Row = { type: string; call_id: string | null; attempt: number | null; due_at: string | null; at_ms: string };

export type DialLog = Readonly<{
  dialsStarted: number;
  outcomes: number;
  /** Most dials started and not yet ended at any point of the log (the cap invariant, from events). */
  maxInFlight: number;
  /** `callId#attempt` started more than once. */
  duplicateDials: number;
  /** Store time (recorded_at) of the first DialStarted and of the last outcome. */
  firstDialAtMs: number;
  lastOutcomeAtMs: number;
  /** Per dial that refilled a freed slot: ms from "a slot was free and a number was due" to its DialStarted. */
  refillMs: readonly number[];
  /** The same, for retry dials only (attempt > 1). */
  retryRefillMs: readonly number[];
  /** Appends: a stream's events in one transaction (group commit puts many appends in one transaction). */
  appends: number;
  /** Transactions that appended anything, i.e. event-store commits. */
  transactions: number;
  events: number;
  byType: Readonly<Record<string, { events: number; appends: number }>>;
}>;

const OUTCOMES = new Set(['CallCompleted', 'CallFailed']);

/**
 * Reads the dial history of a database that holds one campaign, in log order (as readAll delivers
 * it), with recorded_at to the microsecond (the port's Date keeps milliseconds). recorded_at is the
 * appending transaction's start, so the latency includes the outcome's commit, the subscriber
 * wake-up, the decision and the DialStarted append up to its BEGIN.
 *
 * Slot refill: each DialStarted takes the oldest free slot (the cap's initial slots first, which
 * give no sample) and the number it dials. Its latency is from the later of "that slot was freed by
 * an outcome" and "that number was due" (new numbers: the campaign's start; retries: their dueAt, or
 * when the retry was recorded if later) to the DialStarted. So a slot that stays empty because no
 * number is due (the drain, or waiting for a retry) is not counted against the dialer.
 */
export const readDialLog = async (knex: Knex, cap: number): Promise<DialLog> => {
  const { rows } = await knex.raw<{ rows: Row[] }>(`
    SELECT type,
           COALESCE(data->>'callId', substring(stream from 6)) AS call_id,
           (data->>'attempt')::int AS attempt,
           data->>'dueAt' AS due_at,
           (extract(epoch from recorded_at) * 1000)::text AS at_ms
      FROM events
     WHERE type IN ('DialStarted', 'CallCompleted', 'CallFailed', 'CallRetryScheduled', 'CampaignStarted', 'CampaignResumed')
     ORDER BY transaction_id, position`);
  const open = new Set<string>();
  const started = new Set<string>();
  const freedAt: number[] = [];
  let nextFreed = 0;
  let initialSlotsUsed = 0;
  const retryDueAt = new Map<string, number>();
  let newNumbersDueAt = Number.NaN;
  const refillMs: number[] = [];
  const retryRefillMs: number[] = [];
  let maxInFlight = 0;
  let duplicateDials = 0;
  let outcomes = 0;
  let firstDialAtMs = Number.NaN;
  let lastOutcomeAtMs = Number.NaN;
  for (const row of rows) {
    const at = Number(row.at_ms);
    const key = `${row.call_id}#${row.attempt}`;
    if (row.type === 'CampaignStarted' || row.type === 'CampaignResumed') {
      newNumbersDueAt = at;
    } else if (row.type === 'CallRetryScheduled') {
      retryDueAt.set(row.call_id!, Math.max(at, Date.parse(row.due_at ?? '') || at));
    } else if (row.type === 'DialStarted') {
      if (started.has(key)) duplicateDials += 1;
      started.add(key);
      open.add(key);
      maxInFlight = Math.max(maxInFlight, open.size);
      if (Number.isNaN(firstDialAtMs)) firstDialAtMs = at;
      const dueAt = row.attempt === 1 ? newNumbersDueAt : retryDueAt.get(row.call_id!);
      if (initialSlotsUsed < cap) {
        initialSlotsUsed += 1;
      } else if (nextFreed < freedAt.length) {
        const slotAt = freedAt[nextFreed++]!;
        if (dueAt !== undefined && !Number.isNaN(dueAt)) {
          refillMs.push(at - Math.max(slotAt, dueAt));
          if (row.attempt !== 1) retryRefillMs.push(at - Math.max(slotAt, dueAt));
        }
      }
    } else if (OUTCOMES.has(row.type)) {
      outcomes += 1;
      lastOutcomeAtMs = at;
      // A rejected dial may fail without a DialStarted of its own (single calls): it frees nothing.
      if (open.delete(key)) freedAt.push(at);
    }
  }
  const [totals] = await knex('events').select(
    knex.raw('count(DISTINCT (transaction_id, stream))::int AS appends'),
    knex.raw('count(DISTINCT transaction_id)::int AS transactions'),
    knex.raw('count(*)::int AS events'),
  );
  const { appends, transactions, events } = totals as { appends: number; transactions: number; events: number };
  const types = await knex('events')
    .select('type', knex.raw('count(*)::int AS events'), knex.raw('count(DISTINCT (transaction_id, stream))::int AS appends'))
    .groupBy('type');
  const byType = Object.fromEntries((types as { type: string; events: number; appends: number }[]).map((t) => [t.type, { events: t.events, appends: t.appends }]));
  return { appends, transactions, events, byType, dialsStarted: started.size + duplicateDials, outcomes, maxInFlight, duplicateDials, firstDialAtMs, lastOutcomeAtMs, refillMs, retryRefillMs };
};

export const summarize = (samples: readonly number[]) => ({
  count: samples.length,
  p50: percentile(samples, 50),
  p90: percentile(samples, 90),
  p99: percentile(samples, 99),
  max: samples.length ? Math.max(...samples) : Number.NaN,
});
