import type { DomainEvent, Instant } from '../shared/event.js';

/** Where a do-not-call entry came from: the JSON API, a CSV import, or the person opting out during a call. */
export const DNC_SOURCES = ['api', 'csv', 'opt_out'] as const;
export type DncSource = (typeof DNC_SOURCES)[number];

/**
 * One stream per phone number, `number-<e164>`. Every dial of the number is claimed here before the
 * provider is asked and every do-not-call change lands here, each with an expected version: the
 * stream's order is the order in which dials and list changes happened (invariants 9 and 10).
 */
export type NumberAddedToDoNotCall = DomainEvent<
  'NumberAddedToDoNotCall',
  {
    phoneNumber: string;
    reason: string;
    source: DncSource;
    /** Null: for good. */
    expiresAt: Instant | null;
    /** The call during which the person opted out; null for other sources. */
    callId: string | null;
  }
>;
export type NumberRemovedFromDoNotCall = DomainEvent<'NumberRemovedFromDoNotCall', { phoneNumber: string }>;
/** Attempt `attempt` of `callId` may dial the number; appended before the dial is requested. */
export type NumberDialClaimed = DomainEvent<
  'NumberDialClaimed',
  { phoneNumber: string; campaignId: string | null; callId: string; attempt: number; subject: string; at: Instant }
>;

export type NumberEvent = NumberAddedToDoNotCall | NumberRemovedFromDoNotCall | NumberDialClaimed;

export const NUMBER_STREAM_PREFIX = 'number-';
export const numberStream = (phoneNumber: string): `number-${string}` => `${NUMBER_STREAM_PREFIX}${phoneNumber}`;
