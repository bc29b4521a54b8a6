import type { Knex } from 'knex';
import { readStream } from '../../application/events/event-reader.js';
import type { EventStore, RecordedEvent } from '../../application/ports/event-store.port.js';
import type { CallStatus, CampaignView } from '../../application/views.js';
import { NotFoundError, ValidationError } from '../../domain/shared/errors.js';
import { nextCallStatus, statusAfterCampaignCancelled, statusAfterNumberRemoved } from '../calls/call-status.js';
import { CAMPAIGN_STATS_CALLS } from '../campaign-stats/campaign-stats.projection.js';
import { findCampaignStats } from '../campaign-stats/campaign-stats.queries.js';
import { toStats, zeroCounters } from '../campaign-stats/stats-counters.js';
import { callFact, campaignFact } from '../shared/domain-events.js';
import { unlessMissing } from '../shared/missing-read-model.js';
import { mapBounded } from '../shared/segments.js';
import { findRecordedWaits, type RecordedWaits, toCampaignView } from './campaign.queries.js';
import { evolveCampaignRow, type CampaignRow } from './campaign-row.js';

/** Call streams read at once: bounds the share of the connection pool one request takes. */
const STREAM_READS_IN_FLIGHT = 4;

export type AsOfDeps = Readonly<{ store: EventStore; db: Knex }>;

const until = (asOf: Date) => (e: Pick<RecordedEvent, 'metadata'>): boolean => Date.parse(e.metadata.recordedAt) <= asOf.getTime();

/**
 * The campaign as it stood at `asOf`, folded from the event log with the projectors' own folds. Cost:
 * one read of the campaign stream, plus one read per call stream of the campaign whose call has left
 * `pending` since (the stats read model knows which calls have streams; a call pending now was pending
 * then), STREAM_READS_IN_FLIGHT at a time. Calls added after `asOf` are not counted.
 */
async function foldCampaign(
  store: EventStore,
  campaignId: string,
  asOf: Date | null,
): Promise<{ row: CampaignRow; callIds: Set<string>; removed: Set<string> }> {
  const events = await readStream(store, `campaign-${campaignId}`);
  if (events.length === 0) throw new NotFoundError(`campaign ${campaignId} not found`);
  const first = events[0];
  if (asOf && first && !until(asOf)(first)) {
    throw new ValidationError([{ field: 'asOf', message: `is before the campaign was created (${first.metadata.recordedAt})` }]);
  }
  let row: CampaignRow | null = null;
  const callIds = new Set<string>();
  const removed = new Set<string>();
  for (const fact of (asOf ? events.filter(until(asOf)) : events).map(campaignFact)) {
    if (!fact) continue;
    row = evolveCampaignRow(row, fact);
    if (fact.event.type === 'CampaignNumbersAdded') for (const c of fact.event.data.calls) callIds.add(c.callId);
    if (fact.event.type === 'CampaignNumberRemoved') removed.add(fact.event.data.callId);
  }
  if (!row) throw new NotFoundError(`campaign ${campaignId} did not exist${asOf ? ` at ${asOf.toISOString()}` : ''}`);
  return { row, callIds, removed };
}

/**
 * The campaign as its own stream says now, with the stats read model as it stands: what a command
 * answers when the read models lag. One stream read, never one per call, so a slow read model cannot
 * make every write fan out over the call streams.
 */
export async function campaignFromLog({ store, db }: AsOfDeps, campaignId: string, now: Date): Promise<CampaignView> {
  const { row, callIds } = await foldCampaign(store, campaignId, null);
  // Its write is already stored: a stats read model not built yet counts as empty, not as a failure.
  const stats = (await unlessMissing(findCampaignStats(db, campaignId), null)) ?? toStats(zeroCounters());
  // Numbers the stats have not seen yet were just added: pending (or cancelled with their campaign).
  const unseen = Math.max(0, callIds.size - stats.total);
  const bucket = row.status === 'cancelled' ? 'cancelled' : 'pending';
  const waits = await unlessMissing<RecordedWaits>(findRecordedWaits(db, [campaignId], now), new Map());
  return toCampaignView(row, { ...stats, total: stats.total + unseen, [bucket]: stats[bucket] + unseen }, now, waits.get(campaignId) ?? {});
}

/**
 * The campaign as it stood at `asOf`, folded from the event log with the projectors' own folds. Cost:
 * one read of the campaign stream, plus one read per call stream of the campaign whose call has left
 * `pending` since (the stats read model knows which calls have streams; a call pending now was pending
 * then), STREAM_READS_IN_FLIGHT at a time. Calls added after `asOf` are not counted.
 */
export async function campaignAsOf({ store, db }: AsOfDeps, campaignId: string, asOf: Date): Promise<CampaignView> {
  const { row, callIds, removed } = await foldCampaign(store, campaignId, asOf);

  const dialed = await db(CAMPAIGN_STATS_CALLS).where({ campaign_id: campaignId }).whereNot({ status: 'pending' }).pluck<string[]>('call_id');
  const statuses = new Map<string, CallStatus>([...callIds].map((id) => [id, 'pending']));
  const counters = zeroCounters();
  await mapBounded(
    dialed.filter((id) => callIds.has(id)),
    STREAM_READS_IN_FLIGHT,
    async (id) => {
      for (const fact of (await readStream(store, `call-${id}`)).filter(until(asOf)).map(callFact)) {
        if (!fact) continue;
        if (fact.event.type === 'CallAttempted') {
          counters.attempts += 1;
          if (fact.event.data.attempt > 1) counters.retries_attempted += 1;
        }
        statuses.set(id, nextCallStatus(statuses.get(id) ?? 'pending', fact.event));
      }
    },
  );
  const cancelled = row.status === 'cancelled';
  for (const [id, status] of statuses) {
    const kept = removed.has(id) ? statusAfterNumberRemoved(status) : status;
    counters[cancelled ? statusAfterCampaignCancelled(kept) : kept] += 1;
  }
  counters.total = statuses.size;
  return toCampaignView(row, toStats(counters), asOf, null);
}
