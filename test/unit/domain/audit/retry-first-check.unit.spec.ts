import type { AuditEvent } from '../../../../src/domain/audit/audit-event.js';
import { campaign, log, violationsOf, type Entry } from './audit-log.fixtures.js';

const at = (s: number): string => new Date(Date.UTC(2026, 11, 1, 10, 0, s)).toISOString();
const DUE = at(0);
const busy = (callId: string, when: number, retryDueAt = DUE): Entry => ['dialer-c1', 'DialEnded', { callId, attempt: 1, outcome: 'busy', retryDueAt, terminal: false }, at(when)];
const started = (callId: string, attempt: number, when: number): Entry => ['dialer-c1', 'DialStarted', { callId, attempt }, at(when)];
const retryFirst = (events: readonly AuditEvent[]): string[] => violationsOf('retry-first', events, { decisionLagMs: 1_000 });

/** The entries from `from` on appended in one commit: one decision. */
const oneDecision = (events: AuditEvent[], from: number): AuditEvent[] =>
  events.map((event, i) => (i < from ? event : { ...event, globalPosition: `${from + 1}/${i + 1}` }));

describe('the retry-first check (invariant 3) on a log', () => {
  it('reports a first attempt started while a retry was due, naming both', () => {
    expect(retryFirst(log(...campaign(1), started('a', 1, -60), busy('a', -30), started('b', 1, 5)))).toEqual([
      `call b was dialed for the first time at ${at(5)} while call a's attempt 2 was due since ${DUE}`,
    ]);
  });

  it('passes fresh dials after the due retry was started, and before it fell due (allowing the decision lag)', () => {
    expect(retryFirst(log(...campaign(1), started('a', 1, -60), busy('a', -30), started('a', 2, 1), started('b', 1, 5)))).toEqual([]);
    // A decision recorded at 5 s may have been made up to 1 s earlier: a retry due at 5 s may not have been due yet, one due at 4 s was.
    expect(retryFirst(log(...campaign(1), started('a', 1, -60), busy('a', -30, at(5)), started('b', 1, 5)))).toEqual([]);
    expect(retryFirst(log(...campaign(1), started('a', 1, -60), busy('a', -30, at(4)), started('b', 1, 5)))).toHaveLength(1);
  });

  it('takes the events of one decision together, whatever their order inside it', () => {
    const events = log(...campaign(1), started('a', 1, -60), busy('a', -30), started('b', 1, 5), started('a', 2, 5));
    expect(retryFirst(oneDecision(events, events.length - 2))).toEqual([]);
    expect(retryFirst(events)).toHaveLength(1);
  });

  it('passes a retry that waits for its recipient\'s hours, and one whose call ended on its own stream', () => {
    const waiting: Entry = ['dialer-c1', 'DialDeferred', { callId: 'a', attempt: 2, until: at(3_600) }, at(2)];
    expect(retryFirst(log(...campaign(1), started('a', 1, -60), busy('a', -30), waiting, started('b', 1, 5)))).toEqual([]);
    const cancelled: Entry = ['call-a', 'CallCancelled', {}, at(2)];
    expect(retryFirst(log(...campaign(1), started('a', 1, -60), busy('a', -30), cancelled, started('b', 1, 5)))).toEqual([]);
  });

  it('reports a retry overtaken once, however many fresh dials overtake it', () => {
    expect(retryFirst(log(...campaign(1), started('a', 1, -60), busy('a', -30), started('b', 1, 5), started('c', 1, 6)))).toHaveLength(1);
  });
});
