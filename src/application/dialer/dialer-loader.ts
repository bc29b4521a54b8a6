import { DEFAULT_RETRY_POLICY } from '../../domain/campaign/campaign-config.js';
import { campaignStream } from '../../domain/campaign/campaign.events.js';
import { isDone } from '../../domain/dialer/dial-completion.js';
import type { DialEnd } from '../../domain/dialer/dial-outcome.js';
import type { AttemptClock } from '../../domain/dialer/dial-timeouts.js';
import { dialerSegmentStream, dialerStream, SINGLE_CALLS_ID, type DialerEvent } from '../../domain/dialer/dialer.events.js';
import { carryOf } from '../../domain/dialer/dialer-segments.js';
import { foldDialer, type DialerInput } from '../../domain/dialer/dialer.evolve.js';
import { initialDialerState, initialSingleCallsState, type DialerState } from '../../domain/dialer/dialer.state.js';
import { toNewEvent, type CommandContext } from '../command-handling/command-context.js';
import { readStream } from '../events/event-reader.js';
import { latestSegment } from '../events/latest-segment.js';
import { ConcurrencyError, type EventStore } from '../ports/event-store.port.js';
import { inspectAttempt } from './call-attempts.js';
import type { DialerHost } from './dialer-host.js';
import type { DialerSettings } from './dialer.types.js';

const LEASE_APPEND_TRIES = 3;

export const initialState = (id: string, settings: DialerSettings): DialerState =>
  id === SINGLE_CALLS_ID
    ? initialSingleCallsState(id, {
        maxConcurrentCalls: settings.defaultMaxConcurrentCalls,
        retryPolicy: DEFAULT_RETRY_POLICY,
      })
    : initialDialerState(id);

/** Events after `version` (-1: the whole stream), read through the event reader; a missing stream is empty. */
export const readTail = async (
  store: EventStore,
  stream: `campaign-${string}` | `dialer-${string}`,
  version: number,
): Promise<{ events: DialerInput[]; version: number }> => {
  const events = await readStream(store, stream, { from: version + 1 });
  return { events, version: events.at(-1)?.streamVersion ?? version };
};

export const dialerContext = (id: string, owner: string, causationId: string, now: Date): CommandContext => ({
  correlationId: dialerStream(id),
  causationId,
  actor: `dialer:${owner}`,
  now: now.toISOString(),
});

/** Appends to a dialer stream expecting `version` (-1: no stream yet) — the fence of every decision; returns the new version. */
export const appendDialer = async (
  store: EventStore,
  stream: string,
  version: number,
  events: readonly DialerEvent[],
  context: CommandContext,
): Promise<number> => {
  const expectedVersion = version < 0 ? 'no_stream' : version;
  const result = await store.appendToStream(stream, events.map((e) => toNewEvent(e, context)), { expectedVersion });
  return result.nextExpectedVersion;
};

export type Loaded = Readonly<{
  state: DialerState;
  /** The dialer stream's segment this owner appends to (always 0 for a campaign). */
  segment: number;
  campaignVersion: number;
  dialerVersion: number;
  /** Dials whose outcome is already on their call stream. */
  ends: DialEnd[];
  /** Dials still in flight, timed from their recorded attempt and answer (or from now when not recorded yet). */
  clocks: Map<string, AttemptClock>;
}>;

/**
 * Takes a campaign over: folds its campaign and dialer streams, then appends `DialerLeaseAcquired`
 * with the version it read, which fences any earlier owner (their next append fails). Each dial in
 * flight is then looked up on its call stream: ended, still running (timed from its `CallAttempted`)
 * or not recorded — that slot stays taken (an earlier owner may still record it) until, a timeout
 * later, the call stream settles it (see `resolveTimeout`). Null when the campaign needs no dialer.
 */
export const loadDialer = async (host: DialerHost, id: string): Promise<Loaded | null> => {
  const { store, clock } = host.deps;
  for (let tries = 1; ; tries += 1) {
    const campaign = id === SINGLE_CALLS_ID ? { events: [], version: -1 } : await readTail(store, campaignStream(id), -1);
    let segment = id === SINGLE_CALLS_ID ? await latestSegment(store, (n) => dialerSegmentStream(id, n)) : 0;
    const dialer = await readTail(store, dialerSegmentStream(id, segment), -1);
    const state = foldDialer(foldDialer(initialState(id, host.settings), campaign.events), dialer.events);
    if (isDone(state)) return null;
    const acquired: DialerEvent = { type: 'DialerLeaseAcquired', data: { owner: host.settings.owner } };
    const context = dialerContext(id, host.settings.owner, 'lease', clock.now());
    // A segment closed by an owner that died before opening the next: this one opens it.
    const closed = dialer.events.at(-1)?.type === 'DialerSegmentClosed';
    const events: DialerEvent[] = closed ? [{ type: 'DialerSegmentOpened', data: { segment: segment + 1, carried: carryOf(state) } }, acquired] : [acquired];
    if (closed) segment += 1;
    try {
      const dialerVersion = await appendDialer(store, dialerSegmentStream(id, segment), closed ? -1 : dialer.version, events, context);
      const owned = foldDialer(state, events);
      return { state: owned, segment, campaignVersion: campaign.version, dialerVersion, ...(await reconcile(host, owned)) };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || tries >= LEASE_APPEND_TRIES) throw error;
    }
  }
};

const reconcile = async (host: DialerHost, state: DialerState): Promise<Pick<Loaded, 'ends' | 'clocks'>> => {
  const nowMs = host.deps.clock.now().getTime();
  const ends: DialEnd[] = [];
  const clocks = new Map<string, AttemptClock>();
  await Promise.all(
    [...state.inFlight.values()].map((dial) =>
      host.limiter.run(async () => {
        const seen = await inspectAttempt(host.deps.store, dial.callId, dial.attempt);
        const { callId, attempt } = dial;
        if (seen.kind === 'ended') ends.push(seen.end);
        else if (seen.kind === 'in_flight') {
          clocks.set(callId, { callId, attempt, startedAtMs: seen.attemptedAtMs ?? nowMs, confirmed: true, answeredAtMs: seen.answeredAtMs });
        } else clocks.set(callId, { callId, attempt, startedAtMs: nowMs, confirmed: false, answeredAtMs: null });
      }),
    ),
  );
  return { ends, clocks };
};
