import { randomUUID } from 'node:crypto';
import type { Schedule } from '../../../../src/domain/calendar/schedule.js';
import type { CampaignConfig } from '../../../../src/domain/campaign/campaign-config.js';
import type { CallOutcome } from '../../../../src/domain/call/call.events.js';
import type { CampaignEvent } from '../../../../src/domain/campaign/campaign.events.js';
import { selectDials, type Dial } from '../../../../src/domain/dialer/dial-selection.js';
import type { DialerEvent } from '../../../../src/domain/dialer/dialer.events.js';
import { foldDialer, type DialerInput } from '../../../../src/domain/dialer/dialer.evolve.js';
import { initialDialerState, type DialerState } from '../../../../src/domain/dialer/dialer.state.js';

/** Weekdays 09:00–17:00 UTC. 2026-11-23 is a Monday. */
export const OFFICE_HOURS: Schedule = {
  timezone: 'UTC',
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
  blackoutDates: [],
};
export const MONDAY_10 = '2026-11-23T10:00:00.000Z';
export const MONDAY_NIGHT = '2026-11-23T20:00:00.000Z';
export const TUESDAY_OPENING = '2026-11-24T09:00:00.000Z';

export const config = (overrides: Partial<CampaignConfig> = {}): CampaignConfig => ({
  name: 'dialer spec',
  schedule: OFFICE_HOURS,
  maxConcurrentCalls: 2,
  retryPolicy: { maxRetries: 2, initialDelayMs: 60_000, backoffMultiplier: 2, maxDelayMs: 3_600_000 },
  recipientHours: null,
  complianceRules: 'none',
  subject: 'dialer spec',
  weight: 1,
  ...overrides,
});

export type Call = Readonly<{ callId: string; phoneNumber: string }>;

export const calls = (count: number): Call[] =>
  Array.from({ length: count }, (_, i) => ({ callId: randomUUID(), phoneNumber: `+1415555${String(1000 + i).padStart(4, '0')}` }));

export const created = (overrides: Partial<CampaignConfig> = {}): CampaignEvent => ({
  type: 'CampaignCreated',
  data: { campaignId: 'c-1', ...config(overrides) },
});
export const added = (list: readonly Call[]): CampaignEvent => ({ type: 'CampaignNumbersAdded', data: { calls: list } });
export const started: CampaignEvent = { type: 'CampaignStarted', data: {} };
export const paused: CampaignEvent = { type: 'CampaignPaused', data: {} };
export const resumed: CampaignEvent = { type: 'CampaignResumed', data: {} };
export const cancelled: CampaignEvent = { type: 'CampaignCancelled', data: { reason: null } };
export const updated = (changes: Partial<CampaignConfig>): CampaignEvent => ({ type: 'CampaignUpdated', data: changes });

export const dialStarted = (call: Call, attempt = 1): DialerEvent => ({ type: 'DialStarted', data: { ...call, attempt } });
export const dialEnded = (
  call: Call,
  attempt: number,
  outcome: CallOutcome | 'abandoned',
  retryDueAt: string | null = null,
): DialerEvent => ({
  type: 'DialEnded',
  data: {
    callId: call.callId,
    attempt,
    outcome,
    retryDueAt,
    terminal: outcome === 'answered' || (outcome !== 'abandoned' && retryDueAt === null),
  },
});
/** Attempt `attempt` failed busy, retry due at `dueAt`. */
export const busyThenRetry = (call: Call, attempt: number, dueAt: string): DialerEvent[] => [
  dialStarted(call, attempt),
  dialEnded(call, attempt, 'busy', dueAt),
];

export const given = (...events: Array<DialerInput | DialerInput[]>): DialerState =>
  foldDialer(initialDialerState('c-1'), events.flat());

export const dial = (call: Call, attempt = 1): Dial => ({ callId: call.callId, attempt, phoneNumber: call.phoneNumber });

/** The dials a selection starts, under the default closing margin. */
export const dialsOf = (state: DialerState, now: string): Dial[] => selectDials(state, now, { marginMs: 60_000 }).dials;
