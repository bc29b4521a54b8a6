import type { Knex } from 'knex';

type Row = { type: string; campaign_id: string; call_id: string; attempt: number; outcome: string | null; waiting_for: string | null; at_ms: string };

/**
 * The pacing history of a bench database, from its events: each dial request's instant (the
 * `CallAttempted` stamp, taken right after its calls-per-second token) and the dialer's slots per
 * campaign over time (`DialStarted` takes one, `DialEnded` frees it).
 */
export type PacingLog = Readonly<{
  /** Dial request instants (ms), sorted. */
  requests: readonly number[];
  /** Dials ended without a request because no token was free (`waitingFor: rate_limit`). */
  rateWaits: number;
  /** Slot changes per campaign in log order: +1 / -1 at `atMs`. */
  slots: ReadonlyArray<Readonly<{ campaignId: string; delta: 1 | -1; atMs: number }>>;
  /** Calls under way, by campaign: +1 at a `CallAttempted`, -1 at its outcome. */
  calls: ReadonlyArray<Readonly<{ campaignId: string; delta: 1 | -1; atMs: number }>>;
}>;

export const readPacingLog = async (knex: Knex): Promise<PacingLog> => {
  const { rows } = await knex.raw<{ rows: Row[] }>(`
    SELECT type,
           CASE WHEN stream LIKE 'dialer-%' THEN substring(stream from 8) END AS campaign_id,
           COALESCE(data->>'callId', substring(stream from 6)) AS call_id,
           (data->>'attempt')::int AS attempt,
           data->>'outcome' AS outcome,
           data->>'waitingFor' AS waiting_for,
           (extract(epoch from (metadata->>'recordedAt')::timestamptz) * 1000)::text AS at_ms
      FROM events
     WHERE type IN ('CallAttempted', 'CallCompleted', 'CallFailed', 'DialStarted', 'DialEnded')
     ORDER BY transaction_id, position`);
  const requests: number[] = [];
  const slots: Array<{ campaignId: string; delta: 1 | -1; atMs: number }> = [];
  const calls: Array<{ campaignId: string; delta: 1 | -1; atMs: number }> = [];
  // A call's DialStarted is in the log before its CallAttempted: it names the campaign.
  const campaignOf = new Map<string, string>();
  let rateWaits = 0;
  for (const row of rows) {
    const atMs = Number(row.at_ms);
    const campaignId = campaignOf.get(row.call_id) ?? 'single';
    if (row.type === 'CallAttempted') {
      requests.push(atMs);
      calls.push({ campaignId, delta: 1, atMs });
    } else if (row.type === 'CallCompleted' || row.type === 'CallFailed') calls.push({ campaignId, delta: -1, atMs });
    else if (row.campaign_id === null || row.campaign_id.startsWith('single')) continue;
    else if (row.type === 'DialStarted') {
      campaignOf.set(row.call_id, row.campaign_id);
      slots.push({ campaignId: row.campaign_id, delta: 1, atMs });
    }
    else {
      slots.push({ campaignId: row.campaign_id, delta: -1, atMs });
      if (row.outcome === 'deferred' && row.waiting_for === 'rate_limit') rateWaits += 1;
    }
  }
  return { requests: requests.sort((a, b) => a - b), rateWaits, slots, calls };
};

/** The most requests any rolling window of `windowMs` holds. */
export const busiestWindow = (sorted: readonly number[], windowMs = 1_000): number => {
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i += 1) {
    while (sorted[i]! - sorted[j]! >= windowMs) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

/** Requests per second from the first to the last request. */
export const requestRate = (sorted: readonly number[]): number =>
  sorted.length < 2 ? Number.NaN : ((sorted.length - 1) / (sorted.at(-1)! - sorted[0]!)) * 1_000;

/**
 * Each campaign's share of the calls under way, weighted by time, over [fromMs, toMs): the integral
 * of its calls divided by the integral of all calls.
 */
export const slotShares = (log: PacingLog, fromMs: number, toMs: number): Map<string, number> => {
  const taken = new Map<string, number>();
  const area = new Map<string, number>();
  let lastMs = fromMs;
  const advance = (atMs: number) => {
    const until = Math.min(Math.max(atMs, fromMs), toMs);
    if (until > lastMs) for (const [id, n] of taken) area.set(id, (area.get(id) ?? 0) + n * (until - lastMs));
    lastMs = Math.max(lastMs, until);
  };
  for (const change of [...log.calls].sort((a, b) => a.atMs - b.atMs)) {
    advance(change.atMs);
    taken.set(change.campaignId, (taken.get(change.campaignId) ?? 0) + change.delta);
  }
  advance(toMs);
  const total = [...area.values()].reduce((a, b) => a + b, 0);
  return new Map([...area].map(([id, a]) => [id, total === 0 ? 0 : a / total]));
};

/** Most calls under way at once across every campaign (by their stamps; an end before a start at the same instant). */
export const mostCallsAtOnce = (log: PacingLog): number => {
  let now = 0;
  let most = 0;
  for (const change of [...log.calls].sort((a, b) => a.atMs - b.atMs || a.delta - b.delta)) most = Math.max(most, (now += change.delta));
  return most;
};
