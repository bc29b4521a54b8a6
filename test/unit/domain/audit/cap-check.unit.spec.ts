import type { AuditEvent } from '../../../../src/domain/audit/audit-event.js';
import { createVerification } from '../../../../src/domain/audit/verification.js';

/** A log written in order: each event gets the next position and a second of its own. */
const log = (...events: Array<[stream: string, type: string, data?: Record<string, unknown>]>): AuditEvent[] =>
  events.map(([stream, type, data = {}], i) => ({
    stream,
    type,
    data,
    streamVersion: i,
    globalPosition: `${i + 1}/${i + 1}`,
    recordedAt: new Date(Date.UTC(2026, 10, 23, 10, 0, i)).toISOString(),
  }));

const capViolations = (events: readonly AuditEvent[]): string[] => {
  const verification = createVerification();
  for (const event of events) verification.observe(event);
  return verification.finish().violations.filter((v) => v.check === 'cap').map((v) => v.message);
};

const campaign = (cap: number): Array<[string, string, Record<string, unknown>]> => [
  ['campaign-c1', 'CampaignCreated', { maxConcurrentCalls: cap }],
  ['campaign-c1', 'CampaignNumbersAdded', { calls: ['a', 'b', 'c'].map((id, i) => ({ callId: id, phoneNumber: `+1415555010${i}` })) }],
  ['campaign-c1', 'CampaignStarted', {}],
];
const started = (callId: string, attempt = 1): [string, string, Record<string, unknown>] => ['dialer-c1', 'DialStarted', { callId, attempt }];
const ended = (callId: string, attempt = 1): [string, string, Record<string, unknown>] => ['dialer-c1', 'DialEnded', { callId, attempt }];
const attempted = (callId: string, attempt = 1): [string, string, Record<string, unknown>] => [`call-${callId}`, 'CallAttempted', { attempt }];

describe('the cap check (invariant 1) on a log', () => {
  it('passes a dialer that refills a slot only after a dial ended', () => {
    expect(capViolations(log(...campaign(2), started('a'), started('b'), ended('a'), started('c')))).toEqual([]);
  });

  it('reports a dialer holding more slots than the cap', () => {
    expect(capViolations(log(...campaign(2), started('a'), started('b'), started('c')))).toEqual(['dialer held 3 slots with the cap at 2']);
  });

  it('does not free a slot for the end of another attempt of the call', () => {
    expect(capViolations(log(...campaign(1), started('a', 2), ended('a', 1), started('b')))).toEqual(['dialer held 2 slots with the cap at 1']);
  });

  it('reports more calls ringing than the cap, and frees one that was cancelled or ended', () => {
    const ringing = [...campaign(1), attempted('a'), [`call-a`, 'CallCompleted', { attempt: 1 }] as [string, string], attempted('b')];
    expect(capViolations(log(...ringing))).toEqual([]);
    expect(capViolations(log(...campaign(1), attempted('a'), attempted('b')))).toEqual(['2 calls in flight with the cap at 1']);
    expect(capViolations(log(...campaign(1), attempted('a'), ['call-a', 'CallCancelled'], attempted('b')))).toEqual([]);
  });

  it('holds a dial to the cap its slot was taken under: a PATCH lowering it applies to later decisions', () => {
    const lowered = log(...campaign(2), started('a'), started('b'), ['campaign-c1', 'CampaignUpdated', { maxConcurrentCalls: 1 }], attempted('a'), attempted('b'));
    expect(capViolations(lowered)).toEqual([]);
    const later = log(...campaign(2), started('a'), ['campaign-c1', 'CampaignUpdated', { maxConcurrentCalls: 1 }], started('b'));
    expect(capViolations(later)).toEqual(['dialer held 2 slots with the cap at 1']);
  });
});
