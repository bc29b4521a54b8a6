import type { DecodedEvent } from '../../application/events/event-reader.js';
import type { CallEvent } from '../../domain/call/call.events.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import { callFact, campaignFact, type Fact } from './domain-events.js';

export type SegmentHandlers<R> = Readonly<{
  calls: (facts: readonly R[]) => Promise<void>;
  campaign: (fact: Fact<CampaignEvent>) => Promise<void>;
  /** What joins a run; call events by default (a read model may fold other streams' notes about calls in). */
  runFact?: (event: DecodedEvent) => R | null;
}>;

/**
 * Call events come in long runs (the dialer) and are folded a run at a time: one read and one write
 * per run instead of per event. A campaign event ends the run first, so set-based statements (bulk
 * numbers, cancelling pending calls) see every earlier call event applied, in log order.
 */
export async function applyInSegments<R = Fact<CallEvent>>(events: readonly DecodedEvent[], handlers: SegmentHandlers<R>): Promise<void> {
  const runFact = handlers.runFact ?? (callFact as (event: DecodedEvent) => R | null);
  let run: R[] = [];
  const flush = async (): Promise<void> => {
    if (run.length > 0) await handlers.calls(run);
    run = [];
  };
  for (const event of events) {
    const call = runFact(event);
    if (call) {
      run.push(call);
      continue;
    }
    const campaign = campaignFact(event);
    if (!campaign) continue;
    await flush();
    await handlers.campaign(campaign);
  }
  await flush();
}

/** Splits rows for multi-row statements, which PostgreSQL caps at 65,535 parameters. */
export const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
