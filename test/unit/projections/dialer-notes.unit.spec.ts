import type { DecodedEvent } from '../../../src/application/events/event-reader.js';
import { callRowFact, dialerNote } from '../../../src/projections/calls/dialer-notes.js';

/** As the event reader hands them over; the dialer's types are read by shape, so newer fields are fine. */
const recorded = (stream: string, type: string, data: object): DecodedEvent =>
  ({ id: 'e1', stream, streamVersion: 7, type, data, metadata: { recordedAt: '2026-11-24T10:00:00.000Z' } }) as unknown as DecodedEvent;

describe('dialer notes about a call', () => {
  it('reads a DialDeferred as a wait, with its until or none', () => {
    const deferred = recorded('dialer-c1', 'DialDeferred', {
      callId: 'k1',
      attempt: 1,
      phoneNumber: '+14155550100',
      waitingFor: 'recipient_hours',
      until: '2026-11-24T13:00:00.000Z',
      explanation: null,
    });
    expect(dialerNote(deferred)).toEqual({
      id: 'k1',
      event: { type: 'DialerWaiting', data: { waitingFor: 'recipient_hours', until: '2026-11-24T13:00:00.000Z' } },
      version: 7,
      at: '2026-11-24T10:00:00.000Z',
    });
    const unknownEnd = recorded('dialer-single', 'DialDeferred', { callId: 'k2', waitingFor: 'frequency_cap', until: null });
    expect(dialerNote(unknownEnd)?.event).toEqual({ type: 'DialerWaiting', data: { waitingFor: 'frequency_cap', until: null } });
  });

  it('reads a DialEnded deferred by a frequency cap as a wait until its retryDueAt, and other ends as nothing', () => {
    const capped = recorded('dialer-c1', 'DialEnded', {
      callId: 'k1',
      attempt: 1,
      outcome: 'deferred',
      waitingFor: 'frequency_cap',
      retryDueAt: '2026-11-25T10:00:00.000Z',
      terminal: false,
    });
    expect(dialerNote(capped)?.event).toEqual({ type: 'DialerWaiting', data: { waitingFor: 'frequency_cap', until: '2026-11-25T10:00:00.000Z' } });
    const paced = recorded('dialer-c1', 'DialEnded', { callId: 'k1', attempt: 2, outcome: 'deferred', waitingFor: 'rate_limit', retryDueAt: '2026-11-24T10:00:00.400Z', terminal: false });
    expect(dialerNote(paced)?.event).toEqual({ type: 'DialerWaiting', data: { waitingFor: 'rate_limit', until: '2026-11-24T10:00:00.400Z' } });
    const busy = recorded('dialer-c1', 'DialEnded', { callId: 'k1', attempt: 1, outcome: 'busy', retryDueAt: null, terminal: false });
    expect(dialerNote(busy)).toBeNull();
  });

  it('reads a DialStarted as the end of the wait, and ignores what it cannot read', () => {
    expect(dialerNote(recorded('dialer-c1', 'DialStarted', { callId: 'k1', attempt: 2, phoneNumber: '+1' }))?.event).toEqual({
      type: 'DialerDialing',
      data: {},
    });
    expect(dialerNote(recorded('dialer-c1', 'DialDeferred', { callId: 'k1', waitingFor: 'lunch' }))).toBeNull();
    expect(dialerNote(recorded('dialer-c1', 'DialerLeaseAcquired', { owner: 'w1' }))).toBeNull();
  });

  it('joins call events and dialer notes, keyed by the call', () => {
    expect(callRowFact(recorded('call-k1', 'CallAttempted', { attempt: 1 }))).toMatchObject({ id: 'k1', event: { type: 'CallAttempted' } });
    expect(callRowFact(recorded('dialer-c1', 'DialStarted', { callId: 'k1' }))).toMatchObject({ id: 'k1' });
    expect(callRowFact(recorded('campaign-c1', 'CampaignStarted', {}))).toBeNull();
  });
});
