import type { CallEvent } from '../../domain/call/call.events.js';
import { dialEndFromOutcome, type DialEnd } from '../../domain/dialer/dial-outcome.js';
import type { DialerInput } from '../../domain/dialer/dialer.evolve.js';
import { decodeEvent } from '../events/event-reader.js';
import { inCategory } from '../events/event-schemas.js';
import type { RecordedEvent } from '../ports/event-store.port.js';
import { parseStream } from './stream-routing.js';

type CallFailed = Extract<CallEvent, { type: 'CallFailed' }>;

/** What a batch of subscription events means for one campaign's dialer. */
type Absorbed = {
  /** Campaign events (and single calls' `CallScheduled`) to fold, in order. */
  fold: DialerInput[];
  ends: DialEnd[];
  /** Attempts answered: their ring clock stops, the conversation clock starts at `atMs`. */
  answers: Array<{ callId: string; attempt: number; atMs: number }>;
  /** A campaign event came out of order: read the stream's tail. */
  campaignGap: boolean;
  /** Someone else wrote the dialer stream: read its tail (and check who owns it now). */
  dialerMoved: boolean;
};

/**
 * Sorts the events the runner routed to one dialer. Versions make re-delivery and events the
 * dialer already read at load harmless. A failure that will be retried is waited on until its
 * `CallRetryScheduled` (same append, but maybe the next batch) gives the due date.
 */
export class DialerInbox {
  readonly #events: RecordedEvent[] = [];
  readonly #failures = new Map<string, CallFailed>();

  push(event: RecordedEvent): void {
    this.#events.push(event);
  }

  get size(): number {
    return this.#events.length;
  }

  /** `dialerStream`: the segment the dialer appends to; events of older segments (its own, or closed) are history. */
  drain(versions: { campaign: number; dialer: number; dialerStream: string }): Absorbed & { campaignVersion: number } {
    const absorbed: Absorbed = { fold: [], ends: [], answers: [], campaignGap: false, dialerMoved: false };
    let campaignVersion = versions.campaign;
    for (const recorded of this.#events.splice(0)) {
      const event = decodeEvent(recorded);
      if (inCategory(event, 'campaign')) {
        if (recorded.streamVersion <= campaignVersion) continue;
        if (absorbed.campaignGap || recorded.streamVersion !== campaignVersion + 1) absorbed.campaignGap = true;
        else {
          absorbed.fold.push(event);
          campaignVersion = recorded.streamVersion;
        }
      } else if (inCategory(event, 'dialer')) {
        if (recorded.stream === versions.dialerStream && recorded.streamVersion > versions.dialer) absorbed.dialerMoved = true;
      } else if (inCategory(event, 'call')) {
        this.#absorbCall(parseStream(recorded.stream).id, event, absorbed, recorded.recordedAt.getTime());
      }
    }
    return { ...absorbed, campaignVersion };
  }

  #absorbCall(callId: string, event: CallEvent, absorbed: Absorbed, atMs: number): void {
    switch (event.type) {
      case 'CallScheduled':
        absorbed.fold.push(event);
        return;
      case 'CallAnswered':
        absorbed.answers.push({ callId, attempt: event.data.attempt, atMs });
        return;
      case 'CallCompleted':
      case 'CallFailed': {
        const end = dialEndFromOutcome(callId, event);
        if (end) absorbed.ends.push(end);
        else if (event.type === 'CallFailed') this.#failures.set(callId, event);
        return;
      }
      case 'CallRetryScheduled': {
        const failure = this.#failures.get(callId);
        this.#failures.delete(callId);
        const end = failure && dialEndFromOutcome(callId, failure, event);
        if (end) absorbed.ends.push(end);
        return;
      }
      default:
        return;
    }
  }
}
