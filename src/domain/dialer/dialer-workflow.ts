import type { Contact } from '../phone/number-entry.js';
import { contactOf } from '../phone/number-entry.js';
import type { Instant } from '../shared/event.js';
import { fromEpochMs, toEpochMs } from '../shared/instant.js';
import { campaignEnd, isDone, retriesToCancel, type CampaignEnd } from './dial-completion.js';
import { endsToRecord, type DialEnd } from './dial-outcome.js';
import { callAt, positionOf } from './dial-queue.js';
import { mayStartDials, nextDialWakeUp, selectDials, type Dial, type SelectionOptions } from './dial-selection.js';
import { dueTimeouts, nextTimeoutAt, type AttemptClock, type AttemptLimits } from './dial-timeouts.js';
import type { DialerEvent } from './dialer.events.js';
import { foldDialer } from './dialer.evolve.js';
import type { DialerState } from './dialer.state.js';
import type { FrequencyCap } from '../number/frequency-cap.js';
import { stateFrequencyCaps } from './recipient-gate.js';

/** What the runner knows beside the folded state: reports of side effects and of the call streams. */
export type WorkflowInput = Readonly<{
  /** Outcomes seen since the last decision; duplicates and stale ones are dropped. */
  ends: readonly DialEnd[];
  /** Attempt clocks of the dials in flight, by call id. */
  clocks: ReadonlyMap<string, AttemptClock>;
  limits: AttemptLimits;
  /** Slots whose attempt was never recorded and could not start: settled once the campaign may dial or is cancelled. */
  parked: ReadonlySet<string>;
  /** Calls with a side effect under way: nothing more is decided for them until it reports. */
  busy: ReadonlySet<string>;
  /** This process holds the campaign's lease now: without it nothing is dialed. */
  leased: boolean;
  /** The dialer ends its campaign when every call is settled (not the single calls), unless that is under way. */
  mayEndCampaign: boolean;
  selection: SelectionOptions;
}>;

/**
 * A dial to request: first claimed on the number's stream (do-not-call, frequency caps by `subject`
 * with `caps` on top of the org default), then recorded on the call stream, then asked of the
 * provider with what it is told about the recipient.
 */
export type DialEffect = Readonly<{ type: 'dial'; dial: Dial; contact: Contact; subject: string; caps: readonly FrequencyCap[] }>;
/**
 * Side effects the decision asks for, each on its own call (at most one per call at a time):
 * `settle` a dial whose clock ran out or whose slot was parked (the call stream decides how).
 */
export type Effect =
  | DialEffect
  | Readonly<{ type: 'settle'; clock: AttemptClock; dial: Dial }>
  | Readonly<{ type: 'cancel-retry'; retry: Dial }>
  | Readonly<{ type: 'end-campaign'; end: CampaignEnd }>;

/**
 * `events` are appended to the dialer stream with the version the state was folded from; only then
 * are `effects` performed. `wakeAt`: the next instant something is due that no event announces
 * (null: only an event can change anything). `done`: nothing is left to do, release the campaign.
 * `waitingForGlobal`: calls could be dialed now but the global cap has no room for them; a slot
 * freed anywhere (a ledger event) is what to wait for.
 */
export type Decision = Readonly<{ events: DialerEvent[]; effects: Effect[]; wakeAt: Instant | null; done: boolean; waitingForGlobal: boolean }>;

/**
 * The dialer's whole decision, pure (DESIGN §1): record the outcomes that freed slots, pick new
 * dials and waits (cap, campaign window, retries first, recipient hours), and say which side
 * effects are due — dials, expired attempt clocks, parked slots, retries to cancel after a cancel,
 * the campaign's end — and when to decide again. The runner folds, appends, performs and sleeps.
 */
export const decide = (state: DialerState, input: WorkflowInput, now: Instant): Decision => {
  const ends = endsToRecord(state, input.ends);
  const ended = foldDialer(state, ends);
  const selection = input.leased ? selectDials(ended, now, input.selection) : { events: [], dials: [], more: false, waitingForGlobal: false };
  const next = foldDialer(ended, selection.events);
  const effects: Effect[] = [
    ...selection.dials.map((dial) => dialEffectOf(next, dial, now, input.selection)),
    ...settlements(next, input, now),
    ...retriesToCancel(next)
      .filter((callId) => !input.busy.has(callId))
      .map((callId): Effect => ({ type: 'cancel-retry', retry: next.retries.get(callId)! })),
  ];
  const end = input.mayEndCampaign ? campaignEnd(next, now) : null;
  if (end) effects.push({ type: 'end-campaign', end });
  const events = [...ends, ...selection.events];
  const done = isDone(next) && input.busy.size === 0 && effects.length === 0;
  if (done) return { events, effects, wakeAt: null, done, waitingForGlobal: false };
  // Calls given an effect now are busy until it reports: their clocks wait for that.
  const busy = new Set([...input.busy, ...effects.flatMap(callOf)]);
  const { waitingForGlobal } = selection;
  return { events, effects, wakeAt: selection.more ? now : wakeUp(next, { ...input, busy }, now), done, waitingForGlobal };
};

export const dialEffectOf = (state: DialerState, dial: Dial, now: Instant, options: SelectionOptions): DialEffect => {
  const position = positionOf(state.queue, dial.callId);
  const contact = position === undefined ? {} : contactOf(callAt(state.queue, position));
  const { config } = state;
  const caps = stateFrequencyCaps(config, { phoneNumber: dial.phoneNumber, ...contact }, now, options.ruleSet);
  return { type: 'dial', dial, contact, subject: config?.subject ?? state.campaignId, caps };
};

/** Dials whose clock ran out, and parked slots once the campaign may dial again (or is cancelled). */
const callOf = (effect: Effect): string[] => {
  switch (effect.type) {
    case 'dial':
      return [effect.dial.callId];
    case 'settle':
      return [effect.clock.callId];
    case 'cancel-retry':
      return [effect.retry.callId];
    case 'end-campaign':
      return [];
  }
};

const idleClocks = (input: WorkflowInput): AttemptClock[] => [...input.clocks.values()].filter((clock) => !input.busy.has(clock.callId));

const settlements = (state: DialerState, input: WorkflowInput, now: Instant): Effect[] => {
  const nowMs = toEpochMs(now);
  const due = dueTimeouts(idleClocks(input), nowMs, input.limits);
  if (state.status === 'cancelled' || (input.leased && mayStartDials(state, now))) {
    for (const callId of input.parked) {
      if (input.busy.has(callId) || due.some((clock) => clock.callId === callId)) continue;
      const attempt = state.inFlight.get(callId)?.attempt ?? 0;
      due.push({ callId, attempt, startedAtMs: nowMs, confirmed: false, answeredAtMs: null });
    }
  }
  return due.flatMap((clock): Effect[] => {
    const dial = state.inFlight.get(clock.callId);
    if (dial?.attempt !== clock.attempt) return [];
    return [{ type: 'settle', clock, dial: { callId: dial.callId, attempt: dial.attempt, phoneNumber: dial.phoneNumber } }];
  });
};

/** The earliest of: a wait falling due or the window opening, and an attempt clock running out. */
const wakeUp = (state: DialerState, input: WorkflowInput, now: Instant): Instant | null => {
  const dial = nextDialWakeUp(state, now);
  const times = [dial === null ? null : toEpochMs(dial), nextTimeoutAt(idleClocks(input), input.limits)].filter((t): t is number => t !== null);
  return times.length === 0 ? null : fromEpochMs(Math.min(...times));
};
