import type { CampaignEnd } from '../../domain/dialer/dial-completion.js';
import type { DialEnd } from '../../domain/dialer/dial-outcome.js';
import type { Dial } from '../../domain/dialer/dial-selection.js';
import type { DialEffect } from '../../domain/dialer/dialer-workflow.js';
import type { DialClaimResult } from '../do-not-call/number-gate.js';
import type { AttemptClock } from '../../domain/dialer/dial-timeouts.js';
import type { RetryPolicy } from '../../domain/campaign/campaign-config.js';
import { IllegalStateError } from '../../domain/shared/errors.js';
import type { CommandContext } from '../command-handling/command-context.js';
import { handleCampaignCommand } from '../command-handling/domain-handlers.js';
import { DialDeferredError, DialRejectedError, ProviderRateLimitedError, TelephonyUnavailableError } from '../ports/telephony.port.js';
import { cancelCall, expireAttempt, inspectAttempt, recordOutcome, skipCall, startAttempt, type AttemptInspection } from './call-attempts.js';
import type { DialerDependencies, DialerSettings } from './dialer.types.js';
import type { RequestSpacing } from './request-spacing.js';

/** How the side effects of one campaign's dialer report back; the dialer folds it in its next decision. */
export interface EffectSink {
  readonly campaignId: string | null;
  readonly retryPolicy: RetryPolicy;
  /** The campaign's weight now (its share of the global cap). */
  readonly weight: number;
  readonly cancelled: boolean;
  /** Still the owner, with a lease valid now: a stale owner must not start an attempt. */
  mayDial(): boolean;
  /** `mayDial()`, and the campaign runs with its window open at `now`: an attempt may start. */
  mayStartAt(now: string): boolean;
  context(causationId: string): CommandContext;
  ended(end: DialEnd): void;
  /** The attempt is recorded on the call stream at `atMs` (and answered at `answeredAtMs`): its clocks count from then. */
  confirmed(dial: Pick<Dial, 'callId' | 'attempt'>, atMs: number, answeredAtMs?: number | null): void;
  /**
   * The attempt is still not recorded and cannot start now: look again one timeout later, or
   * (`park`) as soon as the campaign may dial again or is cancelled.
   */
  postponed(dial: Pick<Dial, 'callId' | 'attempt'>, atMs: number, park?: boolean): void;
  retryCancelled(callId: string): void;
  /** What a dial of this call is claimed and requested with (a slot settled after a timeout dials again). */
  dialRequestOf(dial: Dial): DialRequestOf;
}

export type Effects = Readonly<{ deps: DialerDependencies; settings: DialerSettings; spacing: RequestSpacing; sink: EffectSink }>;

/** A slot is freed only by what its call stream says; an attempt not recorded keeps it for now. */
const settle = ({ sink }: Effects, dial: Pick<Dial, 'callId' | 'attempt'>, seen: AttemptInspection, nowMs: number): void => {
  if (seen.kind === 'ended') sink.ended(seen.end);
  else if (seen.kind === 'in_flight') sink.confirmed(dial, seen.attemptedAtMs ?? nowMs, seen.answeredAtMs);
  else sink.postponed(dial, nowMs, false);
};

/** What a dial needs beyond its slot: the claim on the number and the contact for the provider. */
export type DialRequestOf = Pick<DialEffect, 'contact' | 'subject' | 'caps'>;

/**
 * One dial, after its `DialStarted` is appended. Checked again at the instant it goes ahead: still
 * the owner, campaign still running, window still open — else the slot stays unrecorded and is
 * settled like one a crash left behind. Then the number is claimed on its stream (the do-not-call
 * list and frequency caps, serialised with every list change: invariants 9 and 10), a
 * calls-per-second token taken (none free: the call gives its slot back and waits, recorded as
 * `rate_limit`), the attempt recorded with the budget it was taken under — so its instant is the
 * request's, which verify counts (invariant 11) — (dial only if this dialer recorded it: each
 * attempt is dialed at most once), and the provider asked. A synchronous refusal is the attempt's
 * outcome; an unreachable provider is an `error`, retried by policy.
 */
export const runDial = async (effects: Effects, dial: Dial, causationId: string, request: DialRequestOf): Promise<void> => {
  const { deps, sink } = effects;
  const context = sink.context(causationId);
  if (!sink.mayStartAt(context.now)) return sink.postponed(dial, Date.parse(context.now));
  const { campaignId } = sink;
  if (!(await grantGlobalSlot(effects, dial))) {
    return sink.ended({ callId: dial.callId, attempt: dial.attempt, outcome: 'deferred', retryDueAt: context.now, terminal: false, waitingFor: 'global_cap' });
  }
  const claim = await deps.numbers.claim(
    dial.phoneNumber,
    { campaignId, callId: dial.callId, attempt: dial.attempt, subject: request.subject, caps: request.caps },
    new Date(context.now),
    { correlationId: context.correlationId, causationId, actor: context.actor },
  );
  if (claim.status === 'refused') return refuse(effects, dial, claim, context);
  // The claim took a round trip: the lease or the window may have gone meanwhile (a repeated claim is idempotent).
  if (!sink.mayStartAt(sink.context(causationId).now)) return sink.postponed(dial, Date.parse(context.now));
  const token = await deps.pacing.tryAcquire();
  if (!token.ok) return waitForToken(effects, dial, token.retryInMs);
  // Stamped after the token: the attempt's instant is the request's, not the decision's. The token
  // took a round trip too: the window is checked at the very instant the attempt is stamped with
  // (invariant 2). Closed: the token is spent unused (a wasted token only slows, never breaks the
  // rate), and the dial is postponed as above; it claims again when it goes (a new claim, then).
  const attemptContext = sink.context(causationId);
  if (!sink.mayStartAt(attemptContext.now)) return sink.postponed(dial, Date.parse(attemptContext.now));
  const started = await startAttempt(deps.store, campaignId, dial, attemptContext, deps.pacing.budget);
  if (started !== 'started') {
    const seen = await inspectAttempt(deps.store, dial.callId, dial.attempt);
    if (started === 'refused' && seen.kind === 'not_started') {
      // The call decider would not take this attempt (a clock gone backwards, a call changed
      // behind the dialer's back): keep the slot, look again after a timeout, and say so.
      deps.logger.warn(`call ${dial.callId} refused attempt ${dial.attempt}; keeping its slot and trying again later`);
      sink.postponed(dial, Date.parse(context.now), false);
    } else settle(effects, dial, seen, Date.parse(context.now));
    return;
  }
  try {
    if (!(await placeDial(effects, dial, request))) return;
  } catch (error) {
    const rejected = error instanceof DialRejectedError;
    if (!rejected && !(error instanceof TelephonyUnavailableError)) {
      deps.logger.warn(`dial of call ${dial.callId} failed: ${(error as Error).message}`);
    }
    await recordOutcome(deps.store, dial, rejected ? 'rejected' : 'error', sink.retryPolicy, sink.context(causationId));
  }
};

/**
 * No token is free now: rather than hold its slot unseen, the dial ends unrecorded and the call
 * waits (`waitingFor: rate_limit`) until one is due; it is then picked before fresh numbers.
 */
const waitForToken = ({ deps, sink }: Effects, { callId, attempt }: Dial, retryInMs: number): void => {
  const retryDueAt = new Date(deps.clock.now().getTime() + retryInMs).toISOString();
  sink.ended({ callId, attempt, outcome: 'deferred', retryDueAt, terminal: false, waitingFor: 'rate_limit' });
};

/**
 * The global cap (DESIGN §6 invariant 11): the slot is granted on the ledger before the number is
 * claimed or the attempt recorded, so every attempt lies inside a grant. Denied: no room is left by
 * the share rule at the ledger's current version. No global cap: always granted, no I/O.
 */
const grantGlobalSlot = async ({ deps, sink }: Effects, dial: Dial): Promise<boolean> => {
  if (!deps.globalSlots) return true;
  const verdict = await deps.globalSlots.grant({ campaignId: sink.campaignId, callId: dial.callId, attempt: dial.attempt, weight: sink.weight });
  if (verdict === 'denied') deps.metrics.globalSlotDenied();
  return verdict !== 'denied';
};

/** Provider push-backs of one attempt's dial waited out before it counts as an `error`. */
const MAX_PUSH_BACKS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends the recorded attempt, whose token is taken, to the provider (DESIGN §7.3). A push-back
 * (rate limited, circuit open) placed no call: it is not an outcome; the budget slows and the same
 * attempt goes again once a new token is due. The ring clock starts when the request goes.
 * False: this dialer lost its lease while waiting (the next owner settles the attempt by its clock).
 */
const placeDial = async ({ deps, settings, spacing, sink }: Effects, dial: Dial, request: DialRequestOf): Promise<boolean> => {
  for (let pushBacks = 0; ; pushBacks += 1) {
    if (pushBacks > 0 && !(await awaitToken(deps, sink))) return false;
    sink.confirmed(dial, deps.clock.now().getTime());
    // Nothing may run between the spacing check and the request: it is the request's own time.
    for (let waitMs = spacing.take(performance.now()); waitMs > 0; waitMs = spacing.take(performance.now())) await sleep(waitMs);
    try {
      await deps.telephony.dial({ ...dial, callbackUrl: settings.callbackUrl(), contact: request.contact });
      return true;
    } catch (error) {
      if (!(error instanceof DialDeferredError) || pushBacks >= MAX_PUSH_BACKS) throw error;
      if (error instanceof ProviderRateLimitedError) await deps.pacing.slowDown(error.retryAfterMs);
      else await sleep(error.retryAfterMs ?? 1_000);
      if (!sink.mayDial()) return false;
    }
  }
};

/** A pushed-back attempt is recorded and holds its slot: it waits here for its next token. False: the lease went meanwhile. */
const awaitToken = async (deps: Effects['deps'], sink: EffectSink): Promise<boolean> => {
  for (let token = await deps.pacing.tryAcquire(); !token.ok; token = await deps.pacing.tryAcquire()) {
    if (!sink.mayDial()) return false;
    await sleep(token.retryInMs);
  }
  return true;
};

/**
 * The number may not be dialed: a frequency cap binds (the call waits until it lets go, without
 * the slot), or it is on the do-not-call list (the call is skipped on its stream, for good — unless
 * the attempt got recorded first, by an earlier owner: then the call stream says what happened).
 */
const refuse = async (effects: Effects, dial: Dial, claim: Extract<DialClaimResult, { status: 'refused' }>, context: CommandContext): Promise<void> => {
  const { deps, sink } = effects;
  const { callId, attempt } = dial;
  if (claim.refused === 'frequency_cap') {
    return sink.ended({ callId, attempt, outcome: 'deferred', retryDueAt: claim.nextAllowedAt, terminal: false, waitingFor: 'frequency_cap' });
  }
  await skipCall(deps.store, sink.campaignId, dial, claim.refused, context);
  settle(effects, dial, await inspectAttempt(deps.store, callId, attempt), Date.parse(context.now));
};

/**
 * A clock ran out: the ring clock (not answered nor ended within CALL_TIMEOUT_MS) or the
 * conversation clock (answered, still running after CALL_MAX_DURATION_MS). A recorded attempt is
 * expired through the call decider, which alone knows whether it was answered: `timeout` if not,
 * otherwise nothing (ring) or the end of an answered call (conversation) — a no-op when the webhook
 * won the race, and never a re-dial of a person who answered (invariant 12).
 * A slot whose attempt was never recorded is not simply freed: an earlier owner (crashed, or fenced
 * without noticing yet) may still record it. So the slot is settled on the call stream itself, where
 * the call decider lets exactly one writer win: this dialer starts the attempt (if it may dial now),
 * or cancels the call (campaign cancelled); otherwise it keeps the slot and looks again later.
 */
export const resolveTimeout = async (effects: Effects, clock: AttemptClock, dial: Dial): Promise<void> => {
  const { deps, sink } = effects;
  const cause = `timeout:${clock.callId}:${clock.attempt}`;
  const context = sink.context(cause);
  const nowMs = Date.parse(context.now);
  const expired = clock.answeredAtMs === null ? 'ring' : 'conversation';
  if (clock.confirmed && (await expireAttempt(deps.store, clock, expired, sink.retryPolicy, context)) > 0) {
    sink.confirmed(clock, nowMs); // the outcome arrives through the subscription
    return;
  }
  const seen = await inspectAttempt(deps.store, clock.callId, clock.attempt);
  if (seen.kind !== 'not_started') return settle(effects, clock, seen, nowMs);
  if (sink.cancelled) return fenceByCancelling(effects, dial, context);
  if (sink.mayStartAt(context.now)) return runDial(effects, dial, cause, sink.dialRequestOf(dial));
  sink.postponed(clock, nowMs);
};

const fenceByCancelling = async (effects: Effects, dial: Dial, context: CommandContext): Promise<void> => {
  const { deps, sink } = effects;
  const cancelled = await cancelCall(deps.store, sink.campaignId, dial, context);
  if (!cancelled) deps.logger.debug?.(`call ${dial.callId} could not be cancelled; reading it again`);
  settle(effects, dial, await inspectAttempt(deps.store, dial.callId, dial.attempt), Date.parse(context.now));
};

export const cancelRetry = async ({ deps, sink }: Effects, retry: Dial): Promise<void> => {
  if (await cancelCall(deps.store, sink.campaignId, retry, sink.context('cancel'))) sink.retryCancelled(retry.callId);
};

/** Returns whether the command was accepted (its event then arrives through the subscription). */
export const endCampaign = async ({ deps, sink }: Effects, end: CampaignEnd): Promise<boolean> => {
  const campaignId = sink.campaignId;
  if (campaignId === null) return false;
  const command =
    end.type === 'complete'
      ? { type: 'CompleteCampaign' as const, campaignId, completed: end.completed, failed: end.failed, skipped: end.skipped }
      : { type: 'FailCampaign' as const, campaignId, reason: end.reason, completed: end.completed, failed: end.failed, skipped: end.skipped };
  try {
    await handleCampaignCommand(deps.store, command, sink.context('complete'));
    return true;
  } catch (error) {
    // Numbers added meanwhile make the counts short: the campaign goes on.
    if (error instanceof IllegalStateError) return false;
    throw error;
  }
};
