import { explainCall, type CallExplanation } from '../../domain/audit/explain-call.js';
import { explanationText } from '../../domain/audit/explain-text.js';
import { callStream } from '../../domain/call/call.events.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { dialerSegmentStream, SINGLE_CALLS_ID } from '../../domain/dialer/dialer.events.js';
import { comparePositions, StreamNotFoundError, type EventStore, type RecordedEvent } from '../ports/event-store.port.js';
import { toAuditEvent } from './audit-log.js';

const PAGE = 1_000;
/** The single calls' dialer is cut into segments; an explanation reads at most this many of them. */
const MAX_SEGMENTS = 1_000;

const readAllOf = async (store: EventStore, stream: string, keep: (e: RecordedEvent) => boolean = () => true): Promise<RecordedEvent[] | null> => {
  const kept: RecordedEvent[] = [];
  for (let from = 0; ; from += PAGE) {
    let page: RecordedEvent[];
    try {
      page = await store.readStream(stream, { from, limit: PAGE });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return from === 0 ? null : kept;
      throw error;
    }
    kept.push(...page.filter(keep));
    if (page.length < PAGE) return kept;
  }
};

export type ExplainedCall = Readonly<{ explanation: CallExplanation; text: string[] }>;

/**
 * Every decision about one call, from the log: its stream, its dialer's events that name it, its
 * campaign's stream. `campaignId` locates a campaign call never dialed (it has no stream yet).
 * Null when the log knows nothing of the call.
 */
export async function explainCallFromLog(store: EventStore, callId: string, campaignId: string | null = null): Promise<ExplainedCall | null> {
  const call = (await readAllOf(store, callStream(callId))) ?? [];
  const scheduled = call.find((e) => e.type === 'CallScheduled');
  const campaign = scheduled ? ((scheduled.data.campaignId as string | null) ?? null) : campaignId;
  if (call.length === 0 && campaign === null) return null;
  const aboutCall = (e: RecordedEvent) => e.data.callId === callId;
  const dialer: RecordedEvent[] = [];
  for (let segment = 0; segment < (campaign === null ? MAX_SEGMENTS : 1); segment += 1) {
    const events = await readAllOf(store, dialerSegmentStream(campaign ?? SINGLE_CALLS_ID, segment), aboutCall);
    if (events === null) break;
    dialer.push(...events);
  }
  const campaignEvents = campaign === null ? [] : ((await readAllOf(store, campaignStream(campaign))) ?? []);
  if (call.length === 0 && campaignEvents.length === 0) return null;
  const merged = [...campaignEvents, ...dialer, ...call].sort((a, b) => comparePositions(a.position, b.position)).map(toAuditEvent);
  const explanation = explainCall(callId, merged);
  if (explanation.phoneNumber === null) return null;
  return { explanation, text: explanationText(explanation) };
}
