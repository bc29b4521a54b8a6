import { z } from 'zod';
import type { DecodedEvent } from '../../application/events/event-reader.js';
import { WAITING_REASONS, type WaitingReason } from '../../application/views.js';
import type { CallEvent } from '../../domain/call/call.events.js';
import { callFact, type Fact } from '../shared/domain-events.js';

/**
 * What the dialer stream says about one call, for the calls view: it waits (`DialDeferred`, or a
 * `DialEnded` deferred by a frequency cap) or a dial of it began (`DialStarted`), which ends the wait.
 *
 * Read from the payload by shape, not by the dialer's event types: the read side must not fail, nor
 * drift, when the dialer adds fields (DESIGN "events-v2": DialDeferred, DialEnded.waitingFor).
 */
export type DialerNote =
  | Readonly<{ type: 'DialerWaiting'; data: { waitingFor: WaitingReason; until: string | null } }>
  | Readonly<{ type: 'DialerDialing'; data: Record<string, never> }>;

export type CallRowEvent = CallEvent | DialerNote;

const deferred = z.looseObject({ callId: z.string(), waitingFor: z.enum(WAITING_REASONS), until: z.string().nullable().optional() });
const endedDeferred = z.looseObject({
  callId: z.string(),
  outcome: z.literal('deferred'),
  waitingFor: z.enum(WAITING_REASONS),
  retryDueAt: z.string().nullable(),
});
const started = z.looseObject({ callId: z.string() });

/** A global-cap wait lasts until a slot is free: no instant is known, whatever due time the end carries. */
const untilOf = (end: z.infer<typeof endedDeferred>): string | null => (end.waitingFor === 'global_cap' ? null : end.retryDueAt);

const note = (callId: string, event: DialerNote, from: DecodedEvent): Fact<DialerNote> => ({
  id: callId,
  event,
  version: from.streamVersion,
  at: from.metadata.recordedAt,
});

export function dialerNote(event: DecodedEvent): Fact<DialerNote> | null {
  if (!event.stream.startsWith('dialer-')) return null;
  const type: string = event.type;
  const data: unknown = event.data;
  if (type === 'DialDeferred') {
    const parsed = deferred.safeParse(data);
    return parsed.success
      ? note(parsed.data.callId, { type: 'DialerWaiting', data: { waitingFor: parsed.data.waitingFor, until: parsed.data.until ?? null } }, event)
      : null;
  }
  if (type === 'DialEnded') {
    const parsed = endedDeferred.safeParse(data);
    return parsed.success
      ? note(parsed.data.callId, { type: 'DialerWaiting', data: { waitingFor: parsed.data.waitingFor, until: untilOf(parsed.data) } }, event)
      : null;
  }
  if (type === 'DialStarted') {
    const parsed = started.safeParse(data);
    return parsed.success ? note(parsed.data.callId, { type: 'DialerDialing', data: {} }, event) : null;
  }
  return null;
}

/** A call event, or what the dialer said about a call: both fold into the call's row, in log order. */
export const callRowFact = (event: DecodedEvent): Fact<CallRowEvent> | null => callFact(event) ?? dialerNote(event);
