import type { AuditEvent, CheckId } from '../../../../src/domain/audit/audit-event.js';
import type { VerifyOptions } from '../../../../src/domain/audit/checks/check.js';
import { createVerification } from '../../../../src/domain/audit/verification.js';

/** `at`: when it was recorded, else 10:00 on Monday 2026-11-23 plus a second per event. */
export type Entry = [stream: string, type: string, data?: Record<string, unknown>, at?: string];

/** A log written in order: each event gets the next position and a second of its own. */
export const log = (...events: Entry[]): AuditEvent[] =>
  events.map(([stream, type, data = {}, at], i) => ({
    stream,
    type,
    data,
    streamVersion: i,
    globalPosition: `${i + 1}/${i + 1}`,
    recordedAt: at ?? new Date(Date.UTC(2026, 10, 23, 10, 0, i)).toISOString(),
  }));

/** The messages of one check's violations after verifying the whole log. */
export const violationsOf = (check: CheckId, events: readonly AuditEvent[], options: Partial<VerifyOptions> = {}): string[] => {
  const verification = createVerification(options);
  for (const event of events) verification.observe(event);
  return verification.finish().violations.filter((v) => v.check === check).map((v) => v.message);
};

/** Campaign c1 with calls a, b, c, started. */
export const campaign = (cap: number): Entry[] => [
  ['campaign-c1', 'CampaignCreated', { maxConcurrentCalls: cap }],
  ['campaign-c1', 'CampaignNumbersAdded', { calls: ['a', 'b', 'c'].map((id, i) => ({ callId: id, phoneNumber: `+1415555010${i}` })) }],
  ['campaign-c1', 'CampaignStarted', {}],
];
