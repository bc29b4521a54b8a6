import { retryPolicyInForce } from '../../domain/campaign/campaign-config-change.js';
import type { RetryPolicy } from '../../domain/campaign/campaign-config.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import type { DialEnd } from '../../domain/dialer/dial-outcome.js';
import { mayStartDials, nextWindowOpensAt, type Dial } from '../../domain/dialer/dial-selection.js';
import { dialerSegmentStream, SINGLE_CALLS_ID, type DialEnded, type DialerEvent } from '../../domain/dialer/dialer.events.js';
import { carryOf } from '../../domain/dialer/dialer-segments.js';
import { foldDialer, withoutRetry } from '../../domain/dialer/dialer.evolve.js';
import { weightOf, type DialerState } from '../../domain/dialer/dialer.state.js';
import { decide, dialEffectOf, type Effect } from '../../domain/dialer/dialer-workflow.js';
import type { CommandContext } from '../command-handling/command-context.js';
import { ConcurrencyError, type RecordedEvent } from '../ports/event-store.port.js';
import { AttemptClocks } from './attempt-clocks.js';
import { cancelRetry, endCampaign, resolveTimeout, runDial, type DialRequestOf, type EffectSink, type Effects } from './dial-effects.js';
import { DialerInbox } from './dialer-inbox.js';
import type { DialerHost, HostedDialer } from './dialer-host.js';
import { GlobalGrants } from './global-grants.js';
import { appendDialer, dialerContext, initialState, loadDialer, readTail } from './dialer-loader.js';

const RETRY_AFTER_ERROR_MS = 1_000;
/** A campaign waiting for the global cap is woken by ledger events; this only bounds a wake-up missed. */
const GLOBAL_WAIT_RECHECK_MS = 1_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The runner of one campaign's dialer (or the single calls') while this process holds its lease:
 * the decisions are `decide` (src/domain/dialer/dialer-workflow.ts); this only folds what arrived,
 * appends the decision to `dialer-<id>` with the expected version, performs its effects and sleeps
 * until its `wakeAt`. Decisions run one at a time; effects run beside them and report back.
 */
export class CampaignDialer implements EffectSink, HostedDialer {
  #phase: 'loading' | 'active' | 'stopped' = 'loading';
  #state: DialerState;
  #campaignVersion = -1;
  #dialerVersion = -1;
  #segment = 0;
  readonly #inbox = new DialerInbox();
  readonly #clocks: AttemptClocks;
  readonly #grants: GlobalGrants;
  /** Calls with a side effect under way here. */
  readonly #busy = new Set<string>();
  /** Slots whose attempt is not recorded and could not start (see `postponed`). */
  readonly #parked = new Set<string>();
  #ends: DialEnd[] = [];
  #forgotten: string[] = [];
  #ending = false;
  #timer: NodeJS.Timeout | undefined;
  #endSeenAt: number | null = null;
  #running = false;
  #dirty = false;
  #cause = 'load';
  #waitingForGlobal = false;
  /** On the monotonic clock (`performance.now()`), as Redis counts lease time: real time, not business time. */
  leaseValidUntil = 0;

  constructor(
    readonly id: string,
    private readonly host: DialerHost,
  ) {
    this.#state = initialState(id, host.settings);
    this.#clocks = new AttemptClocks();
    this.#grants = new GlobalGrants(host.deps.globalSlots, this, host.deps.logger);
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
  get weight(): number {
    return weightOf(this.#state.config);
  }
  /** Its last decision left calls the global cap had no room for: a freed slot anywhere should wake it. */
  get waitingForGlobal(): boolean {
    return this.#waitingForGlobal;
  }
  get cancelled(): boolean {
    return this.#state.status === 'cancelled';
  }
  get nextWindowOpensAt(): string | null {
    return nextWindowOpensAt(this.#state, this.#now().toISOString());
  }

  mayDial(): boolean {
    return this.#phase === 'active' && performance.now() < this.leaseValidUntil;
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
    this.#clocks.set({ callId, attempt, startedAtMs: atMs, confirmed: true, answeredAtMs });
    this.kick();
  }

  postponed({ callId, attempt }: Pick<Dial, 'callId' | 'attempt'>, atMs: number, park = true): void {
    this.#clocks.set({ callId, attempt, startedAtMs: atMs, confirmed: false, answeredAtMs: null });
    if (park) this.#parked.add(callId);
    this.#grants.releaseParked({ callId, attempt });
  }

  dialRequestOf(dial: Dial): DialRequestOf {
    return dialEffectOf(this.#state, dial, this.#now().toISOString(), { marginMs: this.host.settings.recipientMarginMs });
  }

  retryCancelled(callId: string): void {
    this.#forgotten.push(callId);
    this.kick();
  }

  /** Reads both streams, fences earlier owners, reconciles the dials in flight. False: nothing to do. */
  async load(): Promise<boolean> {
    await this.#grants.beforeLoad();
    const loaded = await loadDialer(this.host, this.id);
    if (!loaded) return false;
    await this.#grants.releaseStale(loaded.state);
    this.#campaignVersion = loaded.campaignVersion;
    this.#dialerVersion = loaded.dialerVersion;
    this.#segment = loaded.segment;
    this.#adopt(loaded.state);
    for (const clock of loaded.clocks.values()) this.#clocks.set(clock);
    this.#ends.push(...loaded.ends);
    this.#phase = 'active';
    this.kick();
    return true;
  }

  stop(): void {
    this.#phase = 'stopped';
    clearTimeout(this.#timer);
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
        // Effects that settle without I/O would otherwise re-run decisions in microtasks and starve timers.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.host.deps.logger.warn(`dialer ${this.id}: ${(error as Error).message}; retrying`);
      this.#sleepUntil(this.#now().getTime() + RETRY_AFTER_ERROR_MS);
    } finally {
      this.#running = false;
    }
  }

  async #decide(): Promise<void> {
    const drained = this.#inbox.drain({ campaign: this.#campaignVersion, dialer: this.#dialerVersion, dialerStream: this.#stream });
    this.#campaignVersion = drained.campaignVersion;
    this.#ends.push(...drained.ends);
    for (const { callId, attempt, atMs } of drained.answers) this.#clocks.answered(callId, attempt, atMs);
    let state = foldDialer(this.#state, drained.fold);
    for (const callId of this.#forgotten.splice(0)) state = withoutRetry(state, callId);
    this.#adopt(state);
    if (drained.campaignGap) await this.#readCampaignTail();
    if (drained.dialerMoved && !(await this.#readDialerTail())) return;
    const now = this.#now();
    const { settings } = this.host;
    const global = this.#grants.inputs(this.#state, this.#busy, this.weight);
    const decision = decide(
      this.#state,
      {
        ends: this.#ends.splice(0),
        clocks: this.#clocks.all,
        limits: { ringMs: settings.callTimeoutMs, maxDurationMs: settings.callMaxDurationMs },
        parked: this.#parked,
        busy: this.#busy,
        leased: this.mayDial(),
        mayEndCampaign: this.campaignId !== null && !this.#ending,
        selection: { marginMs: settings.recipientMarginMs, ...(global ? { global } : {}) },
      },
      now.toISOString(),
    );
    this.#waitingForGlobal = decision.waitingForGlobal;
    await this.#grants.releaseBeforeEnds(decision.events, (ends) => this.#ends.unshift(...ends));
    if (decision.events.length > 0 && !(await this.#append(decision.events))) return;
    if (this.#dialerVersion + 1 >= settings.dialerSegmentEvents && this.id === SINGLE_CALLS_ID && !(await this.#roll())) return;
    this.#measure(decision.events);
    if (this.#phase !== 'active') return;
    for (const effect of decision.effects) this.#perform(effect);
    this.#grants.recordDemand(decision.waitingForGlobal, this.weight);
    if (decision.done) {
      this.#grants.releaseLeftOver(this.#state.status);
      this.host.release(this, 'done');
    }
    else if (decision.waitingForGlobal) this.#sleepUntil(Math.min(decision.wakeAt === null ? Infinity : Date.parse(decision.wakeAt), now.getTime() + GLOBAL_WAIT_RECHECK_MS));
    else this.#sleepUntil(decision.wakeAt === null ? null : Date.parse(decision.wakeAt));
  }

  #perform(effect: Effect): void {
    switch (effect.type) {
      case 'dial': {
        const { dial } = effect;
        return this.#track(dial.callId, (effects) => runDial(effects, dial, `dial:${dial.callId}:${dial.attempt}`, effect));
      }
      case 'settle':
        this.#parked.delete(effect.clock.callId);
        return this.#track(effect.clock.callId, (effects) => resolveTimeout(effects, effect.clock, effect.dial));
      case 'cancel-retry':
        return this.#track(effect.retry.callId, (effects) => cancelRetry(effects, effect.retry));
      case 'end-campaign':
        this.#ending = true;
        void endCampaign(this.#effects(), effect.end)
          .then((accepted) => (this.#ending = accepted))
          .catch((error: Error) => {
            this.#ending = false;
            this.host.deps.logger.warn(`dialer ${this.id}: ending the campaign failed: ${error.message}`);
          });
        return;
      default: {
        const _unknown: never = effect;
        return;
      }
    }
  }

  /** At most one side effect per call at a time, all under the runner's parallelism bound. */
  #track(callId: string, effect: (effects: Effects) => Promise<unknown>): void {
    if (this.#busy.has(callId)) return;
    this.#busy.add(callId);
    void this.host.limiter
      .run(() => effect(this.#effects()))
      .catch((error: Error) => this.host.deps.logger.warn(`dialer ${this.id}, call ${callId}: ${error.message}`))
      .finally(() => {
        this.#busy.delete(callId);
        this.kick();
      });
  }

  #effects(): Effects {
    return { deps: this.host.deps, settings: this.host.settings, spacing: this.host.spacing, sink: this };
  }

  /** One precise timer per campaign, for the earliest time-based wake-up; re-armed by every decision. */
  #sleepUntil(atMs: number | null): void {
    clearTimeout(this.#timer);
    if (atMs === null || this.#phase !== 'active') return;
    const delayMs = Math.min(Math.max(0, atMs - this.#now().getTime()) + 1, MAX_TIMER_MS);
    this.#timer = setTimeout(() => this.kick('timer'), delayMs);
    this.#timer.unref();
  }

  async #append(events: DialerEvent[]): Promise<boolean> {
    try {
      this.#dialerVersion = await appendDialer(this.host.deps.store, this.#stream, this.#dialerVersion, events, this.context(this.#cause));
      this.#adopt(foldDialer(this.#state, events));
      return true;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      const ends = events.filter((e): e is DialEnded => e.type === 'DialEnded');
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
    this.#clocks.sync(before, state.inFlight, this.#now().getTime());
    this.host.deps.metrics.inFlight(this.id, state.inFlight.size);
  }

  #measure(events: readonly DialerEvent[]): void {
    const started = events.filter((e) => e.type === 'DialStarted').length;
    const ended = events.filter((e) => e.type === 'DialEnded').length;
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
