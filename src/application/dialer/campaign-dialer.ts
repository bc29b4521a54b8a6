import { retryPolicyInForce } from '../../domain/campaign/campaign-config-change.js';
import type { RetryPolicy } from '../../domain/campaign/campaign-config.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { endsToRecord, type DialEnd } from '../../domain/dialer/dial-outcome.js';
import { mayStartDials, nextWindowOpensAt, selectDials, type Dial } from '../../domain/dialer/dial-selection.js';
import { dialerSegmentStream, SINGLE_CALLS_ID, type DialEnded, type DialerEvent } from '../../domain/dialer/dialer.events.js';
import { carryOf } from '../../domain/dialer/dialer-segments.js';
import { foldDialer, withoutRetry } from '../../domain/dialer/dialer.evolve.js';
import type { DialerState } from '../../domain/dialer/dialer.state.js';
import type { CommandContext } from '../command-handling/command-context.js';
import { ConcurrencyError, type RecordedEvent } from '../ports/event-store.port.js';
import { DialerChores, type ChoreOwner } from './dialer-chores.js';
import { DialerInbox } from './dialer-inbox.js';
import type { DialerHost, HostedDialer } from './dialer-host.js';
import { appendDialer, dialerContext, initialState, loadDialer, readTail } from './dialer-loader.js';

const RETRY_AFTER_ERROR_MS = 1_000;

/**
 * The dialer of one campaign (or of the single calls) while this process holds its lease. Decisions
 * run one at a time — drain what arrived, end the dials whose outcome came, pick new ones, append
 * all of it to `dialer-<id>` in one write with the expected version, then dial — while side effects
 * on call and campaign streams run beside them and report back. Different campaigns run in parallel.
 */
export class CampaignDialer implements ChoreOwner, HostedDialer {
  #phase: 'loading' | 'active' | 'stopped' = 'loading';
  #state: DialerState;
  #campaignVersion = -1;
  #dialerVersion = -1;
  #segment = 0;
  readonly #inbox = new DialerInbox();
  readonly #chores: DialerChores;
  #ends: DialEnd[] = [];
  #forgotten: string[] = [];
  #endSeenAt: number | null = null;
  #running = false;
  #dirty = false;
  #cause = 'load';
  leaseValidUntil = 0;

  constructor(
    readonly id: string,
    private readonly host: DialerHost,
  ) {
    this.#state = initialState(id, host.settings);
    this.#chores = new DialerChores(host, this);
  }

  get campaignId(): string | null {
    return this.id === SINGLE_CALLS_ID ? null : this.id;
  }
  get loading(): boolean {
    return this.#phase === 'loading';
  }
  get active(): boolean {
    return this.#phase === 'active';
  }
  get state(): DialerState {
    return this.#state;
  }
  get retryPolicy(): RetryPolicy {
    return retryPolicyInForce(this.#state.config);
  }
  get cancelled(): boolean {
    return this.#state.status === 'cancelled';
  }
  get nextWindowOpensAt(): string | null {
    return nextWindowOpensAt(this.#state, this.#now().toISOString());
  }

  mayDial(): boolean {
    return this.#phase === 'active' && Date.now() < this.leaseValidUntil;
  }

  mayStartAt(now: string): boolean {
    return this.mayDial() && mayStartDials(this.#state, now);
  }

  context(causationId: string): CommandContext {
    return dialerContext(this.id, this.host.settings.owner, causationId, this.#now());
  }

  receive(event: RecordedEvent): void {
    this.#inbox.push(event);
    this.#cause = event.id;
    if (event.stream.startsWith('call-') && this.#endSeenAt === null) this.#endSeenAt = performance.now();
    this.kick();
  }

  ended(end: DialEnd): void {
    this.#ends.push(end);
    this.kick();
  }

  confirmed({ callId, attempt }: Pick<Dial, 'callId' | 'attempt'>, atMs: number, answeredAtMs: number | null = null): void {
    this.#chores.clocks.set({ callId, attempt, startedAtMs: atMs, confirmed: true, answeredAtMs });
    this.kick();
  }

  postponed({ callId, attempt }: Pick<Dial, 'callId' | 'attempt'>, atMs: number, park = true): void {
    this.#chores.clocks.set({ callId, attempt, startedAtMs: atMs, confirmed: false, answeredAtMs: null });
    if (park) this.#chores.park(callId);
  }

  retryCancelled(callId: string): void {
    this.#forgotten.push(callId);
    this.kick();
  }

  /** Reads both streams, fences earlier owners, reconciles the dials in flight. False: nothing to do. */
  async load(): Promise<boolean> {
    const loaded = await loadDialer(this.host, this.id);
    if (!loaded) return false;
    this.#campaignVersion = loaded.campaignVersion;
    this.#dialerVersion = loaded.dialerVersion;
    this.#segment = loaded.segment;
    this.#adopt(loaded.state);
    for (const clock of loaded.clocks.values()) this.#chores.clocks.set(clock);
    this.#ends.push(...loaded.ends);
    this.#phase = 'active';
    this.kick();
    return true;
  }

  stop(): void {
    this.#phase = 'stopped';
    this.#chores.stop();
    for (const callId of this.#state.inFlight.keys()) this.host.unindexCall(callId, this);
  }

  /** Schedules a decision; decisions never overlap, and one asked for during another runs right after. */
  kick(cause?: string): void {
    if (cause) this.#cause = cause;
    if (this.#phase !== 'active') return;
    if (this.#running) {
      this.#dirty = true;
      return;
    }
    this.#running = true;
    void this.#loop();
  }

  async #loop(): Promise<void> {
    try {
      for (;;) {
        this.#dirty = false;
        await this.#decide();
        if (!this.#dirty || this.#phase !== 'active') break;
        // A decision whose effects settle without I/O would otherwise re-run in microtasks forever and
        // starve timers and sockets: the next one waits for the event loop's turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.host.deps.logger.warn(`dialer ${this.id}: ${(error as Error).message}; retrying`);
      this.#chores.armIn(RETRY_AFTER_ERROR_MS);
    } finally {
      this.#running = false;
    }
  }

  async #decide(): Promise<void> {
    const drained = this.#inbox.drain({ campaign: this.#campaignVersion, dialer: this.#dialerVersion, dialerStream: this.#stream });
    this.#campaignVersion = drained.campaignVersion;
    this.#ends.push(...drained.ends);
    for (const { callId, attempt, atMs } of drained.answers) this.#chores.clocks.answered(callId, attempt, atMs);
    let state = foldDialer(this.#state, drained.fold);
    for (const callId of this.#forgotten.splice(0)) state = withoutRetry(state, callId);
    this.#adopt(state);
    if (drained.campaignGap) await this.#readCampaignTail();
    if (drained.dialerMoved && !(await this.#readDialerTail())) return;
    const now = this.#now();
    const ends = endsToRecord(this.#state, this.#ends.splice(0));
    const dials = this.mayDial() ? selectDials(foldDialer(this.#state, ends), now.toISOString()) : [];
    const events: DialerEvent[] = [...ends, ...dials.map((data): DialerEvent => ({ type: 'DialStarted', data }))];
    if (events.length > 0 && !(await this.#append(events, ends))) return;
    if (this.#dialerVersion + 1 >= this.host.settings.dialerSegmentEvents && this.id === SINGLE_CALLS_ID && !(await this.#roll())) return;
    this.#measure(ends.length, dials.length);
    if (this.#phase !== 'active') return;
    for (const dial of dials) this.#chores.dial(dial);
    if (this.#chores.run(now) === 'done') this.host.release(this, 'done');
  }

  async #append(events: DialerEvent[], ends: DialEnded[]): Promise<boolean> {
    try {
      this.#dialerVersion = await appendDialer(this.host.deps.store, this.#stream, this.#dialerVersion, events, this.context(this.#cause));
      this.#adopt(foldDialer(this.#state, events));
      return true;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      this.#ends.unshift(...ends.map((e) => e.data));
      this.#dirty = (await this.#readDialerTail()) || this.#dirty;
      return false;
    }
  }

  get #stream(): `dialer-${string}` {
    return dialerSegmentStream(this.id, this.#segment);
  }

  /**
   * A full segment is closed with its expected version — which fences any other writer of it — and
   * the next one opens with the state carried over, so a takeover never reads more than a segment.
   * False when another worker got in first: this one stops.
   */
  async #roll(): Promise<boolean> {
    const { store } = this.host.deps;
    const next = this.#segment + 1;
    const context = this.context('segment');
    try {
      await appendDialer(store, this.#stream, this.#dialerVersion, [{ type: 'DialerSegmentClosed', data: { next } }], context);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      return this.#readDialerTail();
    }
    const opened: DialerEvent[] = [{ type: 'DialerSegmentOpened', data: { segment: next, carried: carryOf(this.#state) } }];
    try {
      this.#dialerVersion = await appendDialer(store, dialerSegmentStream(this.id, next), -1, opened, context);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      this.host.release(this, `segment ${next} opened by another worker`);
      return false;
    }
    this.#segment = next;
    this.#adopt(foldDialer(this.#state, opened));
    return true;
  }

  async #readCampaignTail(): Promise<void> {
    if (this.campaignId === null) return;
    const tail = await readTail(this.host.deps.store, campaignStream(this.campaignId), this.#campaignVersion);
    this.#campaignVersion = tail.version;
    this.#adopt(foldDialer(this.#state, tail.events));
  }

  /** False when another worker took the campaign over: this one stops at once. */
  async #readDialerTail(): Promise<boolean> {
    const tail = await readTail(this.host.deps.store, this.#stream, this.#dialerVersion);
    this.#dialerVersion = tail.version;
    this.#adopt(foldDialer(this.#state, tail.events));
    if (this.#state.owner === this.host.settings.owner) return true;
    this.host.release(this, `fenced by ${this.#state.owner ?? 'unknown'}`);
    return false;
  }

  /** Takes a new state, keeping the call index and the attempt clocks in step with its dials in flight. */
  #adopt(state: DialerState): void {
    const before = this.#state.inFlight;
    this.#state = state;
    if (before === state.inFlight) return;
    for (const callId of before.keys()) if (!state.inFlight.has(callId)) this.host.unindexCall(callId, this);
    for (const callId of state.inFlight.keys()) if (!before.has(callId)) this.host.indexCall(callId, this);
    this.#chores.clocks.sync(before, state.inFlight, this.#now().getTime());
    this.host.deps.metrics.inFlight(this.id, state.inFlight.size);
  }

  #measure(ended: number, started: number): void {
    if (started > 0) {
      this.host.deps.metrics.dialsStarted(started);
      if (this.#endSeenAt !== null && ended > 0) this.host.deps.metrics.slotRefilled(performance.now() - this.#endSeenAt);
    }
    if (ended > 0 || this.#inbox.size === 0) this.#endSeenAt = null;
  }

  #now(): Date {
    return this.host.deps.clock.now();
  }
}
