import type { CallEvent } from '../../domain/call/call.events.js';
import { callStream } from '../../domain/call/call.events.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { dialerStream, type DialerEvent } from '../../domain/dialer/dialer.events.js';
import type { DomainEvent } from '../../domain/shared/event.js';
import type { Timed } from '../../domain/simulation/recorded-run.js';
import { decodeEvent, type DecodedEvent } from '../events/event-reader.js';
import { comparePositions, StreamNotFoundError, type EventStore, type Position, type RecordedEvent } from '../ports/event-store.port.js';

/** Call streams read one by one, this many at once: enough to keep the store busy, few enough to leave it to others. */
const READ_CONCURRENCY = 16;
const PAGE = 5_000;
/** Above this many calls, one pass over the log from the campaign's creation beats a query per call. */
export const SCAN_ABOVE_CALLS = 2_000;

/** Business time: the `recordedAt` of the command that wrote the event (the store's own clock when absent). */
export const timed = <E extends DomainEvent>(recorded: RecordedEvent): Timed<E> => {
  const event = decodeEvent(recorded) as unknown as DecodedEvent<E>;
  return {
    type: event.type,
    data: event.data,
    recordedAt: typeof event.metadata.recordedAt === 'string' ? event.metadata.recordedAt : event.recordedAt.toISOString(),
  } as Timed<E>;
};

const readRecorded = async (store: EventStore, stream: string): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (let from = 0; ; from += PAGE) {
    let page: RecordedEvent[];
    try {
      page = await store.readStream(stream, { from, limit: PAGE });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return events;
      throw error;
    }
    events.push(...page);
    if (page.length < PAGE) return events;
  }
};

/** One stream, decoded, with business time; a missing stream is empty. */
export const readTimed = async <E extends DomainEvent>(store: EventStore, stream: string): Promise<Array<Timed<E>>> =>
  (await readRecorded(store, stream)).map((e) => timed<E>(e));

export type CampaignLog = Readonly<{
  campaign: Array<Timed<CampaignEvent>>;
  dialer: Array<Timed<DialerEvent>>;
  calls: ReadonlyMap<string, Array<Timed<CallEvent>>>;
}>;

/**
 * A campaign's streams from the log: its own, its dialer's and each of its calls'. A large campaign
 * is read in one pass over the log from its creation to its end (its calls' events all lie there),
 * keeping only its streams; a small one stream by stream.
 */
export async function readCampaignLog(store: EventStore, campaignId: string, callIds: (campaign: Array<Timed<CampaignEvent>>) => readonly string[], scanAbove = SCAN_ABOVE_CALLS): Promise<CampaignLog | null> {
  const recorded = await readRecorded(store, campaignStream(campaignId));
  if (recorded.length === 0) return null;
  const campaign = recorded.map((e) => timed<CampaignEvent>(e));
  const ids = callIds(campaign);
  const calls = new Map<string, Array<Timed<CallEvent>>>(ids.map((id) => [id, []]));
  if (ids.length <= scanAbove) {
    for (let i = 0; i < ids.length; i += READ_CONCURRENCY) {
      const batch = ids.slice(i, i + READ_CONCURRENCY);
      const streams = await Promise.all(batch.map((id) => readRecorded(store, callStream(id))));
      batch.forEach((id, j) => calls.set(id, streams[j]!.map((e) => timed<CallEvent>(e))));
    }
    const dialer = (await readRecorded(store, dialerStream(campaignId))).map((e) => timed<DialerEvent>(e));
    return { campaign, dialer, calls };
  }
  const dialer: Array<Timed<DialerEvent>> = [];
  const ended = recorded.find((e) => e.type === 'CampaignCompleted' || e.type === 'CampaignFailed');
  const until = ended?.position ?? (await store.headPosition());
  const ownDialer = dialerStream(campaignId);
  let from: Position = recorded[0]!.position;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit: PAGE });
    for (const event of page) {
      if (until !== null && comparePositions(event.position, until) > 0) return { campaign, dialer, calls };
      if (event.stream === ownDialer) dialer.push(timed<DialerEvent>(event));
      else if (event.stream.startsWith('call-')) calls.get(event.stream.slice('call-'.length))?.push(timed<CallEvent>(event));
    }
    if (page.length < PAGE) return { campaign, dialer, calls };
    from = page.at(-1)!.position;
  }
}
