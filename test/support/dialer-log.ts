import { comparePositions, StreamNotFoundError, type EventStore, type RecordedEvent } from '../../src/application/ports/event-store.port.js';
import { deterministicBehaviour } from '../../src/infrastructure/telephony/mock-outcome-table.js';

export type CallHistory = Readonly<{ callId: string; phoneNumber: string; events: RecordedEvent[] }>;

export type CampaignLog = Readonly<{
  /** The campaign's call events in global log order. */
  events: RecordedEvent[];
  calls: Map<string, CallHistory>;
  byStream: Map<string, CallHistory>;
  /** Highest number of attempts started and not yet ended at any point of the log. */
  maxInFlight: number;
  /** `callId#attempt` recorded more than once. */
  duplicateAttempts: string[];
  /** Outcomes per call, in order, e.g. `busy`, `answered`; `cancelled` for CallCancelled. */
  outcomes: Map<string, string[]>;
}>;

/** Every event of the call streams, merged into global log order. */
const readCalls = async (store: EventStore, callIds: readonly string[]): Promise<RecordedEvent[]> => {
  const streams = await Promise.all(
    callIds.map((callId) => store.readStream(`call-${callId}`).catch((error: Error) => {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    })),
  );
  return streams.flat().sort((a, b) => comparePositions(a.position, b.position));
};

/** The calls of a campaign, in the order they were added. */
export const campaignCalls = async (store: EventStore, campaignId: string): Promise<Array<{ callId: string; phoneNumber: string }>> =>
  (await store.readStream(`campaign-${campaignId}`))
    .filter((e) => e.type === 'CampaignNumbersAdded')
    .flatMap((e) => (e.data as { calls: Array<{ callId: string; phoneNumber: string }> }).calls);

/**
 * Replays a campaign's call streams in global log order (invariants 1 and 4 of DESIGN §6, computed
 * from the events alone): `CallAttempted` takes a slot, `CallCompleted` / `CallFailed` frees it.
 * Reads each stream rather than the whole log, which only shows transactions older than every one
 * still running: the freshest events could be missing from it for a moment. Single calls: pass ids.
 */
export const campaignLog = async (store: EventStore, campaign: string | { singleCalls: readonly string[] }): Promise<CampaignLog> => {
  const callIds = typeof campaign === 'string' ? (await campaignCalls(store, campaign)).map((c) => c.callId) : campaign.singleCalls;
  const events = await readCalls(store, callIds);
  const calls = new Map<string, CallHistory>();
  for (const event of events) {
    if (event.type === 'CallScheduled') {
      const { callId, phoneNumber } = event.data as { callId: string; phoneNumber: string };
      calls.set(event.stream, { callId, phoneNumber, events: [] });
    }
    calls.get(event.stream)?.events.push(event);
  }
  let inFlight = 0;
  let maxInFlight = 0;
  const attempts = new Set<string>();
  const duplicateAttempts: string[] = [];
  const outcomes = new Map<string, string[]>();
  for (const event of events) {
    const { callId } = calls.get(event.stream)!;
    const data = event.data as { attempt?: number; outcome?: string };
    if (event.type === 'CallAttempted') {
      const key = `${callId}#${data.attempt}`;
      if (attempts.has(key)) duplicateAttempts.push(key);
      attempts.add(key);
      maxInFlight = Math.max(maxInFlight, (inFlight += 1));
    } else if (event.type === 'CallCompleted' || event.type === 'CallFailed') {
      inFlight -= 1;
      outcomes.set(callId, [...(outcomes.get(callId) ?? []), data.outcome ?? 'answered']);
    } else if (event.type === 'CallCancelled') {
      outcomes.set(callId, [...(outcomes.get(callId) ?? []), 'cancelled']);
    }
  }
  return { events, byStream: calls, calls: new Map([...calls.values()].map((c) => [c.callId, c])), maxInFlight, duplicateAttempts, outcomes };
};

const TERMINAL = new Set(['CallCompleted', 'CallCancelled']);

/** A call's stream ends terminal: completed, cancelled, or failed without a retry. */
export const isTerminalHistory = (history: CallHistory): boolean => {
  const last = history.events.filter((e) => e.type !== 'CallRetryScheduled').at(-1);
  if (!last) return false;
  return TERMINAL.has(last.type) || (last.type === 'CallFailed' && !(last.data as { willRetry: boolean }).willRetry);
};

/** `CallAttempted` events of the campaign as `phoneNumber#attempt`, in log order. */
export const attemptOrder = (log: CampaignLog): string[] =>
  log.events
    .filter((e) => e.type === 'CallAttempted')
    .map((e) => `${log.byStream.get(e.stream)!.phoneNumber}#${(e.data as { attempt: number }).attempt}`);

const SCRIPTED = { completed: 'answered', busy: 'busy', no_answer: 'no_answer' } as const;

/**
 * Outcomes the mock provider's table (DESIGN §4) does not script for that number and attempt. A
 * `timeout` is always possible (a worker killed, or a callback slower than CALL_TIMEOUT_MS on a
 * loaded machine), so it is never reported.
 */
export const unscriptedOutcomes = (log: CampaignLog): string[] =>
  log.events.flatMap((event) => {
    if (event.type !== 'CallCompleted' && event.type !== 'CallFailed') return [];
    const { attempt, outcome = 'answered' } = event.data as { attempt: number; outcome?: string };
    if (outcome === 'timeout') return [];
    const { phoneNumber } = log.byStream.get(event.stream)!;
    const behaviour = deterministicBehaviour(phoneNumber, attempt);
    const scripted = behaviour?.kind === 'callback' ? SCRIPTED[behaviour.status] : behaviour?.kind === 'rejected' ? 'rejected' : null;
    return outcome === scripted ? [] : [`${phoneNumber}#${attempt}: ${outcome}, scripted ${scripted ?? 'no callback'}`];
  });

/** Slots taken in `dialer-<id>` after each of its events (`DialStarted` without `DialEnded`), in order. */
export const dialerSlots = async (store: EventStore, dialerId: string): Promise<Array<{ event: RecordedEvent; inFlight: number }>> => {
  const taken = new Set<string>();
  return (await store.readStream(`dialer-${dialerId}`)).map((event) => {
    const { callId, attempt } = event.data as { callId?: string; attempt?: number };
    if (event.type === 'DialStarted') taken.add(`${callId}#${attempt}`);
    if (event.type === 'DialEnded') taken.delete(`${callId}#${attempt}`);
    return { event, inFlight: taken.size };
  });
};

export const maxSlots = (slots: ReadonlyArray<{ inFlight: number }>): number => Math.max(0, ...slots.map((s) => s.inFlight));
