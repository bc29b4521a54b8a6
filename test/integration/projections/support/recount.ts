import type { EventStore, Position, RecordedEvent } from '../../../../src/application/ports/event-store.port.js';
import type { CampaignStats } from '../../../../src/application/views.js';

/** Every readable event, in log order. */
export async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let from: Position | undefined;
  for (;;) {
    const page = await store.readAll(from ? { fromPosition: from, limit: 1_000 } : { limit: 1_000 });
    if (page.length === 0) return events;
    events.push(...page);
    from = page.at(-1)!.position;
  }
}

type Status = 'pending' | 'in_progress' | 'retry_scheduled' | 'completed' | 'failed' | 'cancelled' | 'skipped';

/**
 * The test oracle for invariant 5, written apart from the projections: replay the whole log, one call
 * at a time, and count. A cancelled campaign cancels its calls that were never attempted.
 */
export async function recountStats(store: EventStore): Promise<Map<string, CampaignStats>> {
  const campaigns = new Map<string, { calls: string[]; deleted: boolean; attempts: number; retries: number }>();
  const calls = new Map<string, { campaignId: string; status: Status }>();
  for (const e of await readWholeLog(store)) {
    const data = e.data as Record<string, unknown>;
    if (e.stream.startsWith('campaign-')) {
      const id = e.stream.slice('campaign-'.length);
      const campaign = campaigns.get(id);
      if (e.type === 'CampaignCreated') campaigns.set(id, { calls: [], deleted: false, attempts: 0, retries: 0 });
      if (e.type === 'CampaignNumbersAdded') {
        for (const c of data.calls as Array<{ callId: string }>) {
          campaign!.calls.push(c.callId);
          calls.set(c.callId, { campaignId: id, status: 'pending' });
        }
      }
      if (e.type === 'CampaignCancelled') for (const c of campaign!.calls) if (calls.get(c)!.status === 'pending') calls.get(c)!.status = 'cancelled';
      if (e.type === 'CampaignNumberRemoved') {
        const call = calls.get((data as { callId: string }).callId)!;
        if (call.status === 'pending' || call.status === 'retry_scheduled') call.status = 'cancelled';
      }
      if (e.type === 'CampaignDeleted') campaign!.deleted = true;
      continue;
    }
    const call = calls.get(e.stream.slice('call-'.length));
    if (!call) continue;
    const campaign = campaigns.get(call.campaignId)!;
    if (e.type === 'CallAttempted') {
      call.status = 'in_progress';
      campaign.attempts += 1;
      if ((data.attempt as number) > 1) campaign.retries += 1;
    }
    if (e.type === 'CallCompleted') call.status = 'completed';
    if (e.type === 'CallFailed') call.status = data.willRetry ? 'retry_scheduled' : 'failed';
    if (e.type === 'CallCancelled') call.status = 'cancelled';
    if (e.type === 'CallSkipped') call.status = 'skipped';
  }
  const result = new Map<string, CampaignStats>();
  for (const [id, campaign] of campaigns) {
    if (campaign.deleted) continue;
    const count = (...statuses: Status[]) => campaign.calls.filter((c) => statuses.includes(calls.get(c)!.status)).length;
    result.set(id, {
      total: campaign.calls.length,
      pending: count('pending', 'retry_scheduled'),
      inProgress: count('in_progress'),
      completed: count('completed'),
      failed: count('failed'),
      cancelled: count('cancelled'),
      skipped: count('skipped'),
      retriesAttempted: campaign.retries,
      attempts: campaign.attempts,
    });
  }
  return result;
}
