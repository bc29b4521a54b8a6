import { randomUUID } from 'node:crypto';
import type { QueuedCall } from '../../domain/dialer/dial-queue.js';
import type { RecordedEvent } from '../ports/event-store.port.js';

/**
 * Single calls found by discovery, dressed as the `CallScheduled` events the single-calls dialer
 * folds from the subscription. Only their type, data and stream matter: a call already queued or
 * dialed is ignored by the fold.
 */
export const singleCallEvents = (calls: readonly QueuedCall[]): RecordedEvent[] =>
  calls.map(({ callId, phoneNumber }) => ({
    id: randomUUID(),
    stream: `call-${callId}`,
    streamVersion: 0,
    position: { commit: 0n, prepare: 0n },
    type: 'CallScheduled',
    data: { callId, campaignId: null, phoneNumber },
    metadata: { correlationId: callId, causationId: 'discovery', actor: 'dialer', recordedAt: new Date(0).toISOString(), schemaVersion: 1 },
    recordedAt: new Date(0),
  }));
