import { z } from 'zod';
import { WEEKDAYS } from '../../domain/calendar/schedule.js';
import { CALL_OUTCOMES, SKIP_REASONS, type CallEvent } from '../../domain/call/call.events.js';
import { COMPLIANCE_MODES } from '../../domain/campaign/campaign-config.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import { DIAL_WAITS, type DialerEvent } from '../../domain/dialer/dialer.events.js';
import { DNC_SOURCES, type NumberEvent } from '../../domain/number/number.events.js';
import type { GlobalSlotsEvent } from '../../domain/pacing/global-slots.events.js';

/** Every event this code reads, by the category of its stream (`campaign-<id>`, `call-<id>`, `dialer-<id>`, `number-<e164>`, `pacing-global`). */
export type KnownEvent = CampaignEvent | CallEvent | DialerEvent | NumberEvent | GlobalSlotsEvent;
export type KnownEventType = KnownEvent['type'];
/** The events a stream holds, by its name: `campaign-…` holds campaign events, and so on. */
export type EventsOf<S extends string> = S extends `campaign-${string}`
  ? CampaignEvent
  : S extends `call-${string}`
    ? CallEvent
    : S extends `dialer-${string}`
      ? DialerEvent
      : S extends `number-${string}`
        ? NumberEvent
        : S extends `pacing-${string}`
          ? GlobalSlotsEvent
          : KnownEvent;
type DataOf<T extends KnownEventType> = Extract<KnownEvent, { type: T }>['data'];

/*
 * Loose objects: a payload must carry every field this code reads, and may carry more (a newer
 * writer's optional field), which is kept rather than stripped.
 */
const object = z.looseObject;
const instant = z.string();
/** No fields; anything a newer writer adds is dropped, since nothing here could read it. */
const nothing = z.object({});

const retryPolicy = object({
  maxRetries: z.number(),
  initialDelayMs: z.number(),
  backoffMultiplier: z.number(),
  maxDelayMs: z.number(),
});
const schedule = object({
  timezone: z.string(),
  windows: z.array(object({ days: z.array(z.enum(WEEKDAYS)), start: z.string(), end: z.string() })),
  blackoutDates: z.array(z.string()),
});
/** Optional: numbers added before contacts existed have none. */
const contact = {
  timezone: z.string().optional(),
  zip: z.string().optional(),
  name: z.string().optional(),
  variables: z.record(z.string(), z.string()).optional(),
};
const config = {
  name: z.string(),
  schedule,
  maxConcurrentCalls: z.number(),
  retryPolicy,
  recipientHours: object({ start: z.string(), end: z.string() }).nullable(),
  complianceRules: z.enum(COMPLIANCE_MODES),
  subject: z.string(),
  weight: z.number(),
};
const recipientDecision = object({
  zones: z.array(object({ zone: z.string(), source: z.string(), localTime: z.string() })),
  states: z.array(object({ state: z.string(), source: z.enum(['zip', 'area-code', 'exchange']) })),
  recipientHours: object({ start: z.string(), end: z.string() }).nullable(),
  complianceRules: z.enum(['builtin', 'none']),
  rules: z.array(z.string()),
  ruleSetVersion: z.string(),
  closedBy: z.array(z.string()),
});
const failureOutcome = z.enum(CALL_OUTCOMES).exclude(['answered']);

/** The current payload shape of each event type; stored older shapes are upcast before they are checked. */
export const EVENT_SCHEMAS: { readonly [T in KnownEventType]: z.ZodType<DataOf<T>> } = {
  CampaignCreated: object({ campaignId: z.string(), ...config }),
  CampaignUpdated: object(config).partial(),
  CampaignNumbersAdded: object({ calls: z.array(object({ callId: z.string(), phoneNumber: z.string(), ...contact })) }),
  CampaignNumberRemoved: object({ callId: z.string(), phoneNumber: z.string() }),
  CampaignStarted: nothing,
  CampaignPaused: nothing,
  CampaignResumed: nothing,
  CampaignCancelled: object({ reason: z.string().nullable() }),
  CampaignCompleted: object({ completed: z.number(), failed: z.number(), skipped: z.number().optional() }),
  CampaignFailed: object({ reason: z.string(), completed: z.number(), failed: z.number(), skipped: z.number().optional() }),
  CampaignDeleted: nothing,
  CallScheduled: object({ callId: z.string(), campaignId: z.string().nullable(), phoneNumber: z.string() }),
  CallAttempted: object({ attempt: z.number(), rate: object({ count: z.number(), windowMs: z.number() }).optional() }),
  CallAnswered: object({ attempt: z.number(), providerCallId: z.string().nullable() }),
  CallCompleted: object({
    attempt: z.number(),
    providerCallId: z.string().nullable(),
    durationMs: z.number().nullable(),
    endReason: z.enum(['max_duration', 'dropped']).optional(),
  }),
  CallFailed: object({ attempt: z.number(), outcome: failureOutcome, providerCallId: z.string().nullable(), willRetry: z.boolean() }),
  CallRetryScheduled: object({ attempt: z.number(), dueAt: instant }),
  CallCancelled: object({ reason: z.string() }),
  CallSkipped: object({ attempt: z.number(), reason: z.enum(SKIP_REASONS) }),
  DialerLeaseAcquired: object({ owner: z.string() }),
  DialStarted: object({
    callId: z.string(),
    attempt: z.number(),
    phoneNumber: z.string(),
    decision: object({
      inFlight: z.number(),
      cap: z.number(),
      retryDueAt: instant.nullable(),
      recipient: recipientDecision.nullable(),
      global: object({ inFlight: z.number(), cap: z.number(), share: z.number(), weight: z.number() }).optional(),
    }).optional(),
  }),
  DialDeferred: object({
    callId: z.string(),
    attempt: z.number(),
    phoneNumber: z.string(),
    waitingFor: z.enum(DIAL_WAITS),
    until: instant,
    recipient: recipientDecision.nullable(),
  }),
  DialEnded: object({
    callId: z.string(),
    attempt: z.number(),
    outcome: z.enum([...CALL_OUTCOMES, 'abandoned', 'skipped', 'deferred']),
    retryDueAt: instant.nullable(),
    terminal: z.boolean(),
    skipReason: z.enum(['dnc', 'opted_out']).optional(),
    waitingFor: z.enum(DIAL_WAITS).optional(),
  }),
  DialerSegmentOpened: object({
    segment: z.number(),
    carried: object({
      owner: z.string().nullable(),
      inFlight: z.array(object({ callId: z.string(), attempt: z.number(), phoneNumber: z.string(), retryDueAt: instant.nullable() })),
      retries: z.array(
        object({ callId: z.string(), attempt: z.number(), phoneNumber: z.string(), dueAt: instant, waitingFor: z.enum(DIAL_WAITS).optional() }),
      ),
      pending: z.array(object({ callId: z.string(), phoneNumber: z.string() })),
      completed: z.number(),
      failed: z.number(),
      skipped: z.number().optional(),
    }),
  }),
  DialerSegmentClosed: object({ next: z.number() }),
  NumberAddedToDoNotCall: object({
    phoneNumber: z.string(),
    reason: z.string(),
    source: z.enum(DNC_SOURCES),
    expiresAt: instant.nullable(),
    callId: z.string().nullable(),
  }),
  NumberRemovedFromDoNotCall: object({ phoneNumber: z.string() }),
  NumberDialClaimed: object({
    phoneNumber: z.string(),
    campaignId: z.string().nullable(),
    callId: z.string(),
    attempt: z.number(),
    subject: z.string(),
    at: instant,
  }),
  GlobalSlotGranted: object({
    campaignId: z.string().nullable(),
    callId: z.string(),
    attempt: z.number(),
    weight: z.number(),
    decision: object({ inFlight: z.number(), cap: z.number(), share: z.number(), active: z.number() }),
  }),
  GlobalSlotsReleased: object({ slots: z.array(object({ callId: z.string(), attempt: z.number() })) }),
  GlobalDemandChanged: object({ campaignId: z.string().nullable(), waiting: z.boolean(), weight: z.number() }),
  GlobalSlotsSegmentClosed: object({ next: z.number() }),
  GlobalSlotsSegmentOpened: object({
    segment: z.number(),
    carried: object({
      grants: z.array(object({ campaignId: z.string().nullable(), callId: z.string(), attempt: z.number() })),
      campaigns: z.array(object({ campaignId: z.string().nullable(), weight: z.number(), waiting: z.boolean() })),
    }),
  }),
};

/** The event types each stream category may hold. */
export const CATEGORY_OF = {
  CampaignCreated: 'campaign',
  CampaignUpdated: 'campaign',
  CampaignNumbersAdded: 'campaign',
  CampaignNumberRemoved: 'campaign',
  CampaignStarted: 'campaign',
  CampaignPaused: 'campaign',
  CampaignResumed: 'campaign',
  CampaignCancelled: 'campaign',
  CampaignCompleted: 'campaign',
  CampaignFailed: 'campaign',
  CampaignDeleted: 'campaign',
  CallScheduled: 'call',
  CallAttempted: 'call',
  CallAnswered: 'call',
  CallCompleted: 'call',
  CallFailed: 'call',
  CallRetryScheduled: 'call',
  CallCancelled: 'call',
  CallSkipped: 'call',
  DialerLeaseAcquired: 'dialer',
  DialStarted: 'dialer',
  DialEnded: 'dialer',
  DialDeferred: 'dialer',
  DialerSegmentOpened: 'dialer',
  DialerSegmentClosed: 'dialer',
  NumberAddedToDoNotCall: 'number',
  NumberRemovedFromDoNotCall: 'number',
  NumberDialClaimed: 'number',
  GlobalSlotGranted: 'pacing',
  GlobalSlotsReleased: 'pacing',
  GlobalDemandChanged: 'pacing',
  GlobalSlotsSegmentClosed: 'pacing',
  GlobalSlotsSegmentOpened: 'pacing',
} as const satisfies { readonly [T in KnownEventType]: 'campaign' | 'call' | 'dialer' | 'number' | 'pacing' };

type Category = (typeof CATEGORY_OF)[KnownEventType];
type TypesIn<C extends Category> = { [T in KnownEventType]: (typeof CATEGORY_OF)[T] extends C ? T : never }[KnownEventType];

/** Narrows a decoded event to those of one stream category. */
export const inCategory = <E extends KnownEvent, C extends Category>(event: E, category: C): event is Extract<E, { type: TypesIn<C> }> =>
  CATEGORY_OF[event.type] === category;

export const isKnownEventType = (type: string): type is KnownEventType => Object.hasOwn(EVENT_SCHEMAS, type);
