import type { FrequencyCap } from '../../../../src/domain/number/frequency-cap.js';
import type { ClaimDial } from '../../../../src/domain/number/number.commands.js';
import type { NumberDialClaimed, NumberEvent } from '../../../../src/domain/number/number.events.js';
import { addMilliseconds } from '../../../../src/domain/shared/instant.js';

export const PHONE = '+14155550123';
export const T0 = '2026-11-24T14:00:00.000Z';
export const HOUR = 3_600_000;
export const at = (hours: number): string => addMilliseconds(T0, hours * HOUR);
export const CAP_3_PER_24H: FrequencyCap = { limit: 3, windowMs: 24 * HOUR, source: 'FREQUENCY_CAP' };

export const claimCommand = (overrides: Partial<ClaimDial> = {}): ClaimDial => ({
  type: 'ClaimDial',
  phoneNumber: PHONE,
  campaignId: 'campaign-a',
  callId: 'call-1',
  attempt: 1,
  subject: 'renewals',
  caps: [CAP_3_PER_24H],
  now: T0,
  ...overrides,
});

export const claimed = (command: ClaimDial): NumberDialClaimed => ({
  type: 'NumberDialClaimed',
  data: {
    phoneNumber: command.phoneNumber,
    campaignId: command.campaignId,
    callId: command.callId,
    attempt: command.attempt,
    subject: command.subject,
    at: command.now,
  },
});

export const listed = (overrides: Partial<Extract<NumberEvent, { type: 'NumberAddedToDoNotCall' }>['data']> = {}): NumberEvent => ({
  type: 'NumberAddedToDoNotCall',
  data: { phoneNumber: PHONE, reason: 'asked by phone', source: 'api', expiresAt: null, callId: null, ...overrides },
});

export const removed: NumberEvent = { type: 'NumberRemovedFromDoNotCall', data: { phoneNumber: PHONE } };
