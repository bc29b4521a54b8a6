import type { AuditEvent } from '../../../../src/domain/audit/audit-event.js';
import { campaign, log, violationsOf, type Entry } from './audit-log.fixtures.js';

const capViolations = (events: readonly AuditEvent[]): string[] => violationsOf('cap', events);
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
    const ringing = [...campaign(1), attempted('a'), [`call-a`, 'CallCompleted', { attempt: 1 }] as Entry, attempted('b')];
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
