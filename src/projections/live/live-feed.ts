import type { Knex } from 'knex';
import type { Clock } from '../../application/ports/clock.port.js';
import { comparePositions, type EventStore, type Position } from '../../application/ports/event-store.port.js';
import type { CallView, CampaignView } from '../../application/views.js';
import { CALLS, fromCallRecord, type CallRecord } from '../calls/call-record.js';
import { toCallView } from '../calls/call-row.js';
import { findCampaignView } from '../campaigns/campaign.queries.js';
import { liveCheckpoints, PROGRESS_CHANNEL } from '../checkpoints/checkpoints.js';
import type { ChannelListener, ListenToChannel } from '../projections.tokens.js';
import { collectChanges, noChanges, type LiveChanges } from './live-changes.js';
import type { LiveBatch, LiveListener } from './live-feed.types.js';

/** The read models a live message is built from: it goes out once all of them passed its position. */
export const LIVE_PROJECTIONS = ['campaigns', 'campaign-stats', 'calls'] as const;

export type LiveFeedOptions = Readonly<{
  /** Notifications within this many ms become one read: a busy dialer does not cost a query per event. */
  coalesceMs?: number;
  /** Fallback while anyone listens, for a lost LISTEN connection. */
  pollMs?: number;
  /** More events than this between two reads: send `resync` instead of listing what changed. */
  maxEvents?: number;
  /** Calls listed per batch; beyond that a client reads the page it shows. */
  maxCalls?: number;
}>;

const READ_PAGE = 1_000;

/**
 * One feed per process, shared by every open stream: woken by the projections' `pg_notify` (sent in
 * the batch transaction, so only for committed progress), it reads the log once between the position
 * it last reported and the lowest live checkpoint of the read models it uses, looks up the campaigns
 * and calls those events touched, and hands the batch to every listener. The cost per update does not
 * grow with the number of streams; streams only write what they are handed.
 */
export class LiveFeed {
  private readonly listeners = new Set<LiveListener>();
  private readonly options: Required<LiveFeedOptions>;
  private listener: ChannelListener | null = null;
  private position: Position | null = null;
  private started: Promise<void> | null = null;
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly db: Knex,
    private readonly listen: ListenToChannel,
    private readonly clock: Clock,
    options: LiveFeedOptions = {},
  ) {
    this.options = { coalesceMs: 50, pollMs: 1_000, maxEvents: 20_000, maxCalls: 500, ...options };
  }

  /** The position the feed last reported (null: the read models have none yet). Starts the feed. */
  async current(): Promise<Position | null> {
    await this.start();
    return this.position;
  }

  /** The read models' position right now, for a snapshot read after it: the snapshot is at least this recent. */
  checkpoint(): Promise<Position | null> {
    return this.lowestCheckpoint();
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    void this.start().catch(() => undefined);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** What changed between `from` and the feed's position, for a stream that resumes; `resync` when too much did. */
  async since(from: Position): Promise<LiveBatch | null> {
    const to = await this.current();
    if (!to || comparePositions(from, to) >= 0) return null;
    return this.batchBetween(from, to);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.poll);
    this.listeners.clear();
    await this.started?.catch(() => undefined);
    await this.listener?.close();
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      this.listener ??= this.listen(PROGRESS_CHANNEL, () => this.wake());
      await this.listener.ensureStarted();
      this.position = await this.lowestCheckpoint();
      this.schedulePoll();
    })().catch((error: unknown) => {
      // The read models are away: the next stream to open tries again.
      this.started = null;
      throw error;
    });
    return this.started;
  }

  private wake(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, this.options.coalesceMs);
  }

  private schedulePoll(): void {
    clearTimeout(this.poll);
    if (this.closed) return;
    this.poll = setTimeout(() => {
      if (this.listeners.size > 0) {
        void this.listener?.ensureStarted();
        void this.tick();
      }
      this.schedulePoll();
    }, this.options.pollMs);
  }

  private async tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        if (this.listeners.size === 0 || this.closed) return;
        const to = await this.lowestCheckpoint();
        if (!to) continue;
        const from = this.position;
        if (from && comparePositions(to, from) <= 0) continue;
        this.position = to;
        const batch = await this.batchBetween(from, to);
        for (const listener of [...this.listeners]) listener(batch);
      } while (this.again);
    } catch {
      // The read models or the store are away: the next notification or poll tries again from the same place.
    } finally {
      this.running = false;
    }
  }

  private async batchBetween(from: Position | null, to: Position): Promise<LiveBatch> {
    const changes = await this.changesBetween(from, to);
    if (changes === null) return { position: to, campaigns: new Map(), calls: new Map(), resync: true };
    const calls = await this.callViews([...changes.calls].slice(0, this.options.maxCalls));
    const byCampaign = new Map<string, CallView[]>();
    for (const call of calls) {
      if (!call.campaignId) continue;
      changes.campaigns.add(call.campaignId);
      byCampaign.set(call.campaignId, [...(byCampaign.get(call.campaignId) ?? []), call]);
    }
    for (const campaignId of changes.callCampaigns.values()) changes.campaigns.add(campaignId);
    const now = this.clock.now();
    const campaigns = new Map<string, CampaignView | null>();
    const ids = [...changes.campaigns];
    for (let i = 0; i < ids.length; i += 16) {
      const views = await Promise.all(ids.slice(i, i + 16).map((id) => findCampaignView(this.db, id, now)));
      views.forEach((view, j) => campaigns.set(ids[i + j]!, view));
    }
    return { position: to, campaigns, calls: byCampaign, resync: false };
  }

  /** Null: more than maxEvents; reading on would cost more than every client reading once. */
  private async changesBetween(from: Position | null, to: Position): Promise<LiveChanges | null> {
    const changes = noChanges();
    let cursor = from;
    let read = 0;
    for (;;) {
      const events = await this.store.readAll(cursor ? { fromPosition: cursor, limit: READ_PAGE } : { limit: READ_PAGE });
      const upTo = events.filter((e) => comparePositions(e.position, to) <= 0);
      collectChanges(changes, upTo);
      read += upTo.length;
      if (read > this.options.maxEvents) return null;
      if (upTo.length < READ_PAGE) return changes;
      cursor = upTo.at(-1)!.position;
    }
  }

  private async callViews(ids: readonly string[]): Promise<CallView[]> {
    if (ids.length === 0) return [];
    const records = await this.db<CallRecord>(CALLS).whereIn('id', ids);
    return records.map((r) => toCallView(fromCallRecord(r)));
  }

  private async lowestCheckpoint(): Promise<Position | null> {
    const live = new Map((await liveCheckpoints(this.db)).map((c) => [c.name, c.position]));
    let lowest: Position | null = null;
    for (const name of LIVE_PROJECTIONS) {
      const position = live.get(name);
      if (!position) return null;
      if (!lowest || comparePositions(position, lowest) < 0) lowest = position;
    }
    return lowest;
  }
}
