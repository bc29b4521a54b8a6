import type { GlobalInputs } from '../../domain/dialer/dialer.events.js';
import { campaignKey, carryOf, foldGlobalSlots, grantsOf, initialGlobalSlots, roomFor, shareOf, slotKey, type GlobalSlotsState } from '../../domain/pacing/global-share.js';
import { decideLedger, type DemandChange, type GrantRequest, type GrantVerdict, type SlotRef } from '../../domain/pacing/global-slots.decider.js';
import { GLOBAL_SLOTS_STREAM, globalSlotsStream, segmentOfStream, type GlobalSlotsEvent } from '../../domain/pacing/global-slots.events.js';
import { toNewEvent } from '../command-handling/command-context.js';
import { decodeEvent, readStream } from '../events/event-reader.js';
import { latestSegment } from '../events/latest-segment.js';
import type { Clock } from '../ports/clock.port.js';
import { ConcurrencyError, type EventStore, type RecordedEvent } from '../ports/event-store.port.js';

/** Re-reads of the ledger after a conflict before a batch gives up (the dialer decides again later). */
const CONFLICT_RETRIES = 20;
/** Events per ledger segment: what a starting worker reads at most, plus the carried state. */
export const GLOBAL_SLOTS_SEGMENT_EVENTS = 10_000;

type Versioned = { streamVersion: number } & GlobalSlotsEvent;

type Pending =
  | { kind: 'grant'; request: GrantRequest; resolve: (verdict: GrantVerdict) => void; reject: (error: Error) => void }
  | { kind: 'release'; slots: readonly SlotRef[]; resolve: () => void; reject: (error: Error) => void }
  | { kind: 'demand'; change: DemandChange; resolve: () => void; reject: (error: Error) => void };

/**
 * This process's view of the global slot ledger (`pacing-global`, MAX_CONCURRENT_CALLS) and its
 * only writer here. Every request goes through one queue and is appended in batches with the
 * version the batch was decided on, so the cap holds across instances (a conflict: read the tail,
 * decide again) and this process never races itself. Followed from the subscription between writes.
 */
export class GlobalSlots {
  #state: GlobalSlotsState = initialGlobalSlots();
  #segment = 0;
  #located = false;
  /** Version in the current segment's stream. */
  #version = -1;
  #queue: Pending[] = [];
  /** The demand last asked per campaign key by this process. */
  readonly #asked = new Map<string, { waiting: boolean; weight: number }>();
  #writing = false;
  #reading: Promise<void> = Promise.resolve();
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly store: EventStore,
    readonly cap: number,
    private readonly actor: Readonly<{ owner: string; clock: Clock }>,
    private readonly segmentEvents = GLOBAL_SLOTS_SEGMENT_EVENTS,
  ) {}

  get #stream(): `pacing-${string}` {
    return globalSlotsStream(this.#segment);
  }

  get state(): GlobalSlotsState {
    return this.#state;
  }

  /** The global inputs of a campaign's next decision: its room, the ledger's in flight, its share. */
  inputs(campaignId: string | null, weight: number): GlobalInputs & { room: number } {
    const key = campaignKey(campaignId);
    return { room: roomFor(this.#state, this.cap, key, weight), inFlight: this.#state.inFlight, cap: this.cap, share: shareOf(this.#state, this.cap, key, weight), weight };
  }

  isGranted(callId: string, attempt: number): boolean {
    return this.#state.grants.has(slotKey(callId, attempt));
  }

  isWaiting(campaignId: string | null): boolean {
    return this.#state.campaigns.get(campaignKey(campaignId))?.waiting ?? false;
  }

  grantsOf(campaignId: string | null): Array<{ callId: string; attempt: number }> {
    return grantsOf(this.#state, campaignKey(campaignId));
  }

  /** Called after any change of the ledger (own writes and others'): waiting campaigns look again. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Reads what is new on the ledger, following closed segments into the next; the first read finds
   * the latest segment. Reads run one after another, each from the version known then.
   */
  catchUp(): Promise<void> {
    this.#reading = this.#reading.catch(() => undefined).then(async () => {
      if (!this.#located) {
        this.#segment = await latestSegment(this.store, globalSlotsStream);
        this.#version = -1;
        this.#state = initialGlobalSlots();
        this.#located = true;
      }
      for (;;) {
        const stream = this.#stream;
        this.#absorb(stream, await readStream(this.store, stream, { from: this.#version + 1 }));
        if (this.#stream === stream) return;
      }
    });
    return this.#reading;
  }

  /** A ledger event from the subscription; one out of sequence (or of a later segment) means a read of the tail. */
  receive(recorded: RecordedEvent): void {
    const segment = segmentOfStream(recorded.stream);
    if (!this.#located || segment === null || segment < this.#segment || (segment === this.#segment && recorded.streamVersion <= this.#version)) return;
    if (segment > this.#segment || recorded.streamVersion !== this.#version + 1) {
      void this.catchUp().catch(() => undefined);
      return;
    }
    this.#absorb(recorded.stream, [decodeEvent(recorded) as RecordedEvent & GlobalSlotsEvent]);
  }

  grant(request: GrantRequest): Promise<GrantVerdict> {
    return new Promise((resolve, reject) => this.#enqueue({ kind: 'grant', request, resolve, reject }));
  }

  /** Releases the slots that hold an open grant (any other is no-op); resolves once appended. */
  release(slots: readonly SlotRef[]): Promise<void> {
    if (slots.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.#enqueue({ kind: 'release', slots, resolve, reject }));
  }

  /**
   * Records a campaign waiting for the global cap (or no longer) when it changes. Compared with what
   * was last asked here, not with the view: a change still queued is not in the view yet, and one
   * asked back before it was written must still be written. The batch compares with the ledger.
   */
  demand(change: DemandChange): Promise<void> {
    const key = campaignKey(change.campaignId);
    const asked = this.#asked.get(key) ?? { waiting: this.isWaiting(change.campaignId), weight: change.weight };
    if (asked.waiting === change.waiting && (!change.waiting || asked.weight === change.weight)) return Promise.resolve();
    this.#asked.set(key, { waiting: change.waiting, weight: change.weight });
    return new Promise<void>((resolve, reject) => this.#enqueue({ kind: 'demand', change, resolve, reject })).catch((error: Error) => {
      this.#asked.delete(key);
      throw error;
    });
  }

  /** A campaign taken over: what another process asked for it since is on the ledger, not here. */
  forgetDemand(campaignId: string | null): void {
    this.#asked.delete(campaignKey(campaignId));
  }

  #absorb(stream: string, events: readonly Versioned[]): void {
    if (stream !== this.#stream) return;
    const fresh = events.filter((e) => e.streamVersion > this.#version);
    if (fresh.length === 0) return;
    if (fresh[0]!.streamVersion !== this.#version + 1) {
      void this.catchUp().catch(() => undefined);
      return;
    }
    this.#state = foldGlobalSlots(this.#state, fresh);
    this.#version = fresh.at(-1)!.streamVersion;
    const closed = fresh.find((e) => e.type === 'GlobalSlotsSegmentClosed');
    if (closed?.type === 'GlobalSlotsSegmentClosed') {
      this.#segment = closed.data.next;
      this.#version = -1;
    }
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  #enqueue(pending: Pending): void {
    this.#queue.push(pending);
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0);
        try {
          await this.#commit(batch);
        } catch (error) {
          for (const pending of batch) pending.reject(error as Error);
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  async #commit(batch: readonly Pending[]): Promise<void> {
    const releases = batch.flatMap((p) => (p.kind === 'release' ? p.slots : []));
    const demands = batch.flatMap((p) => (p.kind === 'demand' ? [p.change] : []));
    const grants = batch.flatMap((p) => (p.kind === 'grant' ? [p] : []));
    // A slot granted by another instance may not have reached this view yet: read before deciding it is not open.
    if (!this.#located || releases.some((s) => !this.isGranted(s.callId, s.attempt))) await this.catchUp();
    for (let tries = 1; ; tries += 1) {
      const { events, verdicts } = decideLedger(this.#state, this.cap, { releases, demands, grants: grants.map((g) => g.request) });
      // A full segment is closed first (its expected version fences every writer of it); whoever
      // writes to the next one first opens it with the state carried over.
      const full = events.length > 0 && this.#version + 1 >= this.segmentEvents;
      const opening = this.#segment > 0 && this.#version < 0;
      const appended: GlobalSlotsEvent[] = full
        ? [{ type: 'GlobalSlotsSegmentClosed', data: { next: this.#segment + 1 } }]
        : opening && events.length > 0
          ? [{ type: 'GlobalSlotsSegmentOpened', data: { segment: this.#segment, carried: carryOf(this.#state) } }, ...events]
          : events;
      if (appended.length > 0) {
        try {
          await this.#append(appended, grants[0]?.request);
        } catch (error) {
          if (!(error instanceof ConcurrencyError) || tries >= CONFLICT_RETRIES) throw error;
          await this.catchUp();
          continue;
        }
        if (full) continue;
      }
      grants.forEach((g, i) => g.resolve(verdicts[i]!));
      for (const pending of batch) if (pending.kind !== 'grant') pending.resolve();
      return;
    }
  }

  async #append(events: GlobalSlotsEvent[], cause: GrantRequest | undefined): Promise<void> {
    const context = {
      correlationId: GLOBAL_SLOTS_STREAM,
      causationId: cause ? `grant:${cause.callId}:${cause.attempt}` : 'release',
      actor: `dialer:${this.actor.owner}`,
      now: this.actor.clock.now().toISOString(),
    };
    const stream = this.#stream;
    const expectedVersion = this.#version < 0 ? 'no_stream' : this.#version;
    const result = await this.store.appendToStream(stream, events.map((e) => toNewEvent(e, context)), { expectedVersion });
    const first = result.nextExpectedVersion - events.length + 1;
    this.#absorb(stream, events.map((e, i) => ({ ...e, streamVersion: first + i }) as Versioned));
  }
}
