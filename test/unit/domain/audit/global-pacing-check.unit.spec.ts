import { log, violationsOf, type Entry } from './audit-log.fixtures.js';

const LEDGER = 'pacing-global';
const granted = (callId: string, cap = 2): Entry => [LEDGER, 'GlobalSlotGranted', { campaignId: null, callId, attempt: 1, weight: 1, decision: { inFlight: 0, cap, share: cap, active: 1 } }];
const released = (callId: string): Entry => [LEDGER, 'GlobalSlotsReleased', { slots: [{ callId, attempt: 1 }] }];
const attempted = (callId: string): Entry => [`call-${callId}`, 'CallAttempted', { attempt: 1 }];
const ended = (callId: string, attempt = 1): Entry => [`call-${callId}`, 'CallCompleted', { attempt }];
const pacing = (globalCap: number | null, ...entries: Entry[]): string[] => violationsOf('global-pacing', log(...entries), { globalCap });

describe('the global pacing check (invariant 11) on a log', () => {
  it('reports more calls ringing across campaigns than MAX_CONCURRENT_CALLS, and frees a line when a call ends', () => {
    expect(pacing(1, attempted('a'), attempted('b'))).toEqual(['2 calls in flight across every campaign, over MAX_CONCURRENT_CALLS=1']);
    expect(pacing(1, attempted('a'), ended('a'), attempted('b'))).toEqual([]);
    expect(pacing(1, attempted('a'), ['call-a', 'CallCancelled', {}], attempted('b'))).toEqual([]);
    // The end of another attempt frees nothing.
    expect(pacing(1, attempted('a'), ended('a', 2), attempted('b'))).toHaveLength(1);
  });

  it('checks nothing without the setting and no ledger', () => {
    expect(pacing(null, attempted('a'), attempted('b'), attempted('c'))).toEqual([]);
  });

  it('reports open grants over the cap, the verifier\'s or else the one the grant was decided under', () => {
    expect(pacing(null, granted('a'), granted('b'), granted('c'))).toEqual(['3 global slots granted and not released, over MAX_CONCURRENT_CALLS=2']);
    expect(pacing(null, granted('a'), granted('b'), released('a'), granted('c'))).toEqual([]);
    expect(pacing(1, granted('a', 5), granted('b', 5))).toEqual(['2 global slots granted and not released, over MAX_CONCURRENT_CALLS=1']);
  });

  it('with a cap and a ledger, reports an attempt recorded without an open grant of its slot', () => {
    expect(pacing(2, granted('a'), attempted('a'), attempted('b'))).toEqual(['call b attempt 1 was recorded without an open global slot grant']);
    expect(pacing(2, granted('a'), released('a'), attempted('a'))).toEqual(['call a attempt 1 was recorded without an open global slot grant']);
    expect(pacing(null, granted('a'), attempted('b'))).toEqual([]);
  });
});
