import { campaignEnd, isDone, retriesToCancel } from '../../domain/dialer/dial-completion.js';
import { mayStartDials, nextDialWakeUp, type Dial } from '../../domain/dialer/dial-selection.js';
import type { AttemptClock } from '../../domain/dialer/dial-timeouts.js';
import type { DialerState } from '../../domain/dialer/dialer.state.js';
import { AttemptClocks } from './attempt-clocks.js';
import { cancelRetry, endCampaign, resolveTimeout, runDial, type EffectSink, type Effects } from './dial-effects.js';
import type { DialerHost } from './dialer-host.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

/** The campaign dialer as its chores see it. */
export interface ChoreOwner extends EffectSink {
  readonly id: string;
  readonly state: DialerState;
  kick(cause?: string): void;
}

/**
 * The work a campaign's dialer does beside its decisions: dials, timeouts, cancelled retries, the
 * campaign's end, and the one timer that wakes it for what no event announces. At most one side
 * effect per call at a time, all under the runner's parallelism bound.
 */
export class DialerChores {
  readonly clocks: AttemptClocks;
  /** Calls with a side effect running here. */
  readonly #busy = new Set<string>();
  /** Slots whose attempt is not recorded and could not start: settled once the campaign may dial (or is cancelled). */
  readonly #parked = new Set<string>();
  #ending = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: DialerHost,
    private readonly owner: ChoreOwner,
  ) {
    this.clocks = new AttemptClocks({ ringMs: host.settings.callTimeoutMs, maxDurationMs: host.settings.callMaxDurationMs });
  }

  park(callId: string): void {
    this.#parked.add(callId);
  }

  dial(dial: Dial): void {
    this.#track(dial.callId, (effects) => runDial(effects, dial, `dial:${dial.callId}:${dial.attempt}`));
  }

  /** After each decision: start what is due, end the campaign if it is over, and re-arm the timer. */
  run(now: Date): 'done' | 'running' {
    const { state } = this.owner;
    const nowMs = now.getTime();
    const due = this.clocks.due(nowMs, this.#busy);
    if (state.status === 'cancelled' || (this.owner.mayDial() && mayStartDials(state, now.toISOString()))) {
      for (const callId of this.#parked) due.push({ callId, attempt: state.inFlight.get(callId)?.attempt ?? 0, startedAtMs: nowMs, confirmed: false, answeredAtMs: null });
      this.#parked.clear();
    }
    for (const clock of due) this.#timeout(clock);
    for (const callId of retriesToCancel(state)) {
      const retry = state.retries.get(callId)!;
      if (!this.#busy.has(callId)) this.#track(callId, (effects) => cancelRetry(effects, retry));
    }
    this.#endCampaign(now);
    if (isDone(state) && this.#busy.size === 0) return 'done';
    const wake = [nextDialWakeUp(state, now.toISOString()), this.clocks.nextAt(this.#busy)]
      .map((at) => (typeof at === 'string' ? Date.parse(at) : at))
      .filter((at): at is number => at !== null);
    if (wake.length > 0) this.armIn(Math.min(...wake) - nowMs);
    else clearTimeout(this.#timer);
    return 'running';
  }

  /** One precise timer per campaign, for the earliest time-based wake-up; re-armed by every decision. */
  armIn(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.owner.kick('timer'), Math.min(Math.max(0, delayMs) + 1, MAX_TIMER_MS));
    this.#timer.unref();
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  #timeout(clock: AttemptClock): void {
    const dial = this.owner.state.inFlight.get(clock.callId);
    if (dial?.attempt !== clock.attempt || this.#busy.has(clock.callId)) return;
    this.#track(clock.callId, (effects) => resolveTimeout(effects, clock, dial));
  }

  #endCampaign(now: Date): void {
    const end = this.owner.campaignId === null ? null : campaignEnd(this.owner.state, now.toISOString());
    if (!end || this.#ending) return;
    this.#ending = true;
    void endCampaign(this.#effects(), end)
      .then((accepted) => (this.#ending = accepted))
      .catch((error: Error) => {
        this.#ending = false;
        this.host.deps.logger.warn(`dialer ${this.owner.id}: ending the campaign failed: ${error.message}`);
      });
  }

  #track(callId: string, effect: (effects: Effects) => Promise<unknown>): void {
    this.#busy.add(callId);
    void this.host.limiter
      .run(() => effect(this.#effects()))
      .catch((error: Error) => this.host.deps.logger.warn(`dialer ${this.owner.id}, call ${callId}: ${error.message}`))
      .finally(() => {
        this.#busy.delete(callId);
        this.owner.kick();
      });
  }

  #effects(): Effects {
    return { deps: this.host.deps, settings: this.host.settings, sink: this.owner };
  }
}
