import { SINGLE_CALLS_ID } from '../../domain/dialer/dialer.events.js';
import type { DialerState } from '../../domain/dialer/dialer.state.js';
import type { RecordedEvent, Subscription } from '../ports/event-store.port.js';
import { CampaignDialer } from './campaign-dialer.js';
import type { DialerHost, HostedDialer } from './dialer-host.js';
import type { DialerDependencies, DialerSettings } from './dialer.types.js';
import { singleCallEvents } from './single-calls.js';
import { isSingleCallScheduled, OUTCOME_TYPES, parseStream, WAKING_TYPES } from './stream-routing.js';
import { RequestSpacing } from './request-spacing.js';
import { TaskLimiter } from './task-limiter.js';

export type DialerSnapshot = Readonly<{ state: DialerState; nextWindowOpensAt: string | null }>;

const RESUBSCRIBE_MS = 1_000;
const STOP_GRACE_MS = 5_000;

/**
 * The dialer process manager (DESIGN §1): follows the log from "now" (each campaign is rebuilt from
 * its streams when taken over, so no checkpoint is needed), takes leases on campaigns that need
 * dialing, and routes each event to the campaign dialer it concerns, which reacts within
 * milliseconds. Timers only cover what no event announces: retries falling due, windows opening,
 * attempts timing out — and the lease renewals and discovery that make failover work.
 */
export class DialerRunner implements DialerHost {
  readonly limiter: TaskLimiter;
  readonly spacing: RequestSpacing;
  readonly #dialers = new Map<string, CampaignDialer>();
  readonly #calls = new Map<string, HostedDialer>();
  #subscription: Subscription | null = null;
  #intervals: NodeJS.Timeout[] = [];
  #stopped = false;
  #discovering: Promise<void> = Promise.resolve();
  #discoveryRunning = false;

  constructor(
    readonly deps: DialerDependencies,
    readonly settings: DialerSettings,
  ) {
    this.limiter = new TaskLimiter(settings.dialConcurrency);
    this.spacing = new RequestSpacing(deps.pacing.budget);
    // A slot freed or a demand changed anywhere: campaigns held back by the global cap that the
    // share rule now gives room look again — only they, so one freed slot wakes one campaign.
    const slots = deps.globalSlots;
    slots?.onChange(() => {
      deps.metrics.globalSlots(slots.state.inFlight, slots.cap);
      for (const dialer of this.#dialers.values()) {
        if (dialer.waitingForGlobal && slots.inputs(dialer.campaignId, dialer.weight).room > 0) dialer.kick('global');
      }
    });
  }

  /** Follows the log from now and starts discovery in the background (many campaigns must not hold up boot). */
  async start(): Promise<void> {
    const head = (await this.deps.store.headPosition()) ?? undefined;
    await this.deps.globalSlots?.catchUp();
    this.#subscribe(head);
    void this.discover();
    this.#intervals = [
      setInterval(() => void this.discover(), this.settings.discoveryIntervalMs),
      setInterval(() => void this.#renewLeases(), Math.max(1, Math.floor(this.settings.leaseTtlMs / 3))),
    ];
    for (const interval of this.#intervals) interval.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const interval of this.#intervals) clearInterval(interval);
    await this.#subscription?.stop();
    await this.#discovering;
    await Promise.all([...this.#dialers.values()].map((dialer) => this.#release(dialer, 'shutdown')));
    // Side effects already under way finish (an attempt recorded gets its dial or its outcome).
    await this.limiter.drain(STOP_GRACE_MS);
  }

  /** Ids of the campaigns this process dials now. */
  get owned(): string[] {
    return [...this.#dialers.values()].filter((d) => d.active).map((d) => d.id);
  }

  snapshot(campaignId: string): DialerSnapshot | null {
    const dialer = this.#dialers.get(campaignId);
    return dialer?.active ? { state: dialer.state, nextWindowOpensAt: dialer.nextWindowOpensAt } : null;
  }

  /** A clock tick: every campaign decides again (tests with an injected clock; timers do this otherwise). */
  tick(): void {
    for (const dialer of this.#dialers.values()) dialer.kick();
  }

  /** Asks the read models which campaigns and single calls need a dialer, and tries to take them. */
  discover(): Promise<void> {
    if (this.#stopped || this.#discoveryRunning) return this.#discovering;
    this.#discoveryRunning = true;
    this.#discovering = this.#discoverOnce()
      .catch((error: Error) => this.deps.logger.warn(`dialer discovery failed: ${error.message}`))
      .finally(() => (this.#discoveryRunning = false));
    return this.#discovering;
  }

  async #discoverOnce(): Promise<void> {
    const { discovery } = this.deps;
    const [campaigns, singles] = await Promise.all([discovery.campaignsToDial(), discovery.pendingSingleCalls()]);
    await Promise.all(campaigns.map((id) => this.consider(id)));
    if (singles.length === 0) return;
    await this.consider(SINGLE_CALLS_ID);
    const dialer = this.#dialers.get(SINGLE_CALLS_ID);
    for (const event of singleCallEvents(singles)) dialer?.receive(event);
  }

  /** Takes the campaign's lease if free, then loads and runs its dialer. Resolves once settled either way. */
  consider(id: string): Promise<void> {
    if (this.#stopped || this.#dialers.has(id)) return Promise.resolve();
    const dialer = new CampaignDialer(id, this);
    this.#dialers.set(id, dialer);
    return this.#takeOver(dialer);
  }

  async #takeOver(dialer: CampaignDialer): Promise<void> {
    const { coordination, logger } = this.deps;
    const askedAt = performance.now();
    try {
      if (!(await coordination.acquire(this.#leaseKey(dialer.id), this.settings.owner, this.settings.leaseTtlMs))) {
        this.#forget(dialer);
        return;
      }
      dialer.leaseValidUntil = askedAt + this.settings.leaseTtlMs;
      if (this.#stopped || !(await dialer.load())) await this.#release(dialer, 'nothing to dial');
      else logger.log(`dialing campaign ${dialer.id}`);
    } catch (error) {
      logger.warn(`taking campaign ${dialer.id} over failed: ${(error as Error).message}`);
      await this.#release(dialer, 'load failed');
    }
  }

  indexCall(callId: string, dialer: HostedDialer): void {
    this.#calls.set(callId, dialer);
  }

  unindexCall(callId: string, dialer: HostedDialer): void {
    if (this.#calls.get(callId) === dialer) this.#calls.delete(callId);
  }

  release(dialer: HostedDialer, reason: string): void {
    void this.#release(dialer, reason);
  }

  async #release(dialer: HostedDialer, reason: string): Promise<void> {
    const wasActive = dialer.active;
    this.#forget(dialer);
    if (wasActive) this.deps.logger.log(`stopped dialing campaign ${dialer.id}: ${reason}`);
    this.deps.metrics.campaignReleased(dialer.id);
    await this.deps.coordination
      .release(this.#leaseKey(dialer.id), this.settings.owner)
      .catch((error: Error) => this.deps.logger.warn(`releasing ${dialer.id}: ${error.message}`));
  }

  #forget(dialer: HostedDialer): void {
    dialer.stop();
    if (this.#dialers.get(dialer.id) === dialer) this.#dialers.delete(dialer.id);
  }

  #leaseKey(id: string): string {
    return `dialer:lease:${id}`;
  }

  /** Every ttl/3; a dialer whose lease is gone stops dialing at once, before anyone else can take it. */
  async #renewLeases(): Promise<void> {
    await Promise.all(
      [...this.#dialers.values()].filter((d) => d.active).map(async (dialer) => {
        const askedAt = performance.now();
        try {
          const held = await this.deps.coordination.renew(this.#leaseKey(dialer.id), this.settings.owner, this.settings.leaseTtlMs);
          if (!held) return this.#release(dialer, 'lease lost');
          const couldDial = dialer.mayDial();
          dialer.leaseValidUntil = askedAt + this.settings.leaseTtlMs;
          if (!couldDial) dialer.kick();
        } catch (error) {
          this.deps.logger.warn(`renewing the lease of ${dialer.id} failed: ${(error as Error).message}`);
          if (performance.now() >= dialer.leaseValidUntil) await this.#release(dialer, 'lease expired');
        }
      }),
    );
  }

  #subscribe(from: RecordedEvent['position'] | undefined): void {
    let last = from;
    const subscription = this.deps.store.subscribe(
      { subscriberId: `dialer:${this.settings.owner}`, ...(last ? { fromPosition: last } : {}) },
      async (batch) => {
        for (const event of batch) this.#route(event);
        last = batch.at(-1)?.position ?? last;
      },
    );
    this.#subscription = subscription;
    subscription.closed.catch((error: Error) => {
      if (this.#stopped) return;
      this.deps.logger.error(`dialer subscription failed: ${error.message}; resubscribing`);
      setTimeout(() => !this.#stopped && this.#subscribe(last), RESUBSCRIBE_MS).unref();
    });
  }

  #route(event: RecordedEvent): void {
    const { category, id } = parseStream(event.stream);
    if (category === 'campaign') {
      const dialer = this.#dialers.get(id);
      if (dialer) dialer.receive(event);
      else if (WAKING_TYPES.has(event.type)) void this.consider(id);
    } else if (category === 'pacing') {
      this.deps.globalSlots?.receive(event);
    } else if (category === 'dialer') {
      // `single.3`: a later segment of the single calls' dialer stream.
      this.#dialers.get(id.split('.')[0]!)?.receive(event);
    } else if (category === 'call') {
      if (isSingleCallScheduled(event)) {
        void this.consider(SINGLE_CALLS_ID);
        this.#dialers.get(SINGLE_CALLS_ID)?.receive(event);
      } else if (OUTCOME_TYPES.has(event.type)) {
        const owner = this.#calls.get(id);
        if (owner) owner.receive(event);
        // Not indexed yet: a dialer still loading may own it; it drops what is not its own.
        else for (const dialer of this.#dialers.values()) if (dialer.loading) dialer.receive(event);
      }
    }
  }
}
