import type { Instant } from '../shared/event.js';
import type { FrequencyCap } from './frequency-cap.js';

/** Numbers are E.164, normalized at the edge; `now` comes from the caller's clock. */
export type AddToDoNotCall = Readonly<{
  type: 'AddToDoNotCall';
  phoneNumber: string;
  reason: string;
  source: 'api' | 'csv';
  expiresAt: Instant | null;
  now: Instant;
}>;
/** The person asked, during `callId`, not to be called again. */
export type RecordOptOut = Readonly<{ type: 'RecordOptOut'; phoneNumber: string; callId: string; now: Instant }>;
export type RemoveFromDoNotCall = Readonly<{ type: 'RemoveFromDoNotCall'; phoneNumber: string; now: Instant }>;
/** May attempt `attempt` of `callId` dial the number now? `caps` are every cap that applies to it. */
export type ClaimDial = Readonly<{
  type: 'ClaimDial';
  phoneNumber: string;
  campaignId: string | null;
  callId: string;
  attempt: number;
  subject: string;
  caps: readonly FrequencyCap[];
  now: Instant;
}>;

export type NumberCommand = AddToDoNotCall | RecordOptOut | RemoveFromDoNotCall | ClaimDial;
