import type { CampaignConfig } from '../../../../src/domain/campaign/campaign-config.js';
import type { CampaignEvent } from '../../../../src/domain/campaign/campaign.events.js';
import type { DialerEvent } from '../../../../src/domain/dialer/dialer.events.js';
import { campaignEta } from '../../../../src/domain/simulation/campaign-eta.js';
import type { Timed } from '../../../../src/domain/simulation/recorded-run.js';
import { config } from '../dialer/dialer.fixtures.js';

const at = <E extends CampaignEvent | DialerEvent>(recordedAt: string, event: E): Timed<E> => ({ ...event, recordedAt });
const calls = ['a', 'b', 'c', 'd'].map((id, i) => ({ callId: id, phoneNumber: `+1415555010${i}` }));

const campaign = (overrides: Partial<CampaignConfig>): Array<Timed<CampaignEvent>> => [
  at('2026-11-23T09:00:00.000Z', { type: 'CampaignCreated', data: { campaignId: 'c-1', ...config(overrides) } }),
  at('2026-11-23T09:00:00.000Z', { type: 'CampaignNumbersAdded', data: { calls } }),
  at('2026-11-23T09:00:00.000Z', { type: 'CampaignStarted', data: {} }),
];

const started = (recordedAt: string, callId: string): Timed<DialerEvent> =>
  at(recordedAt, { type: 'DialStarted', data: { callId, attempt: 1, phoneNumber: calls.find((c) => c.callId === callId)!.phoneNumber } });
const answered = (recordedAt: string, callId: string): Timed<DialerEvent> =>
  at(recordedAt, { type: 'DialEnded', data: { callId, attempt: 1, outcome: 'answered', retryDueAt: null, terminal: true } });

describe('campaignEta: the simulator run from a running campaign’s state now', () => {
  // Weekdays 09:00–17:00 UTC, one slot; a answered after 20 min, b dialed at 09:20 and still in flight.
  const dialer = [started('2026-11-23T09:00:00.000Z', 'a'), answered('2026-11-23T09:20:00.000Z', 'a'), started('2026-11-23T09:20:00.000Z', 'b')];

  it('finishes the call in flight as long after its start as calls took, then dials the rest', () => {
    const eta = campaignEta('c-1', campaign({ maxConcurrentCalls: 1 }), dialer, '2026-11-23T09:30:00.000Z', 60_000);
    // b ends 09:40, c 10:00, d 10:20: each drawn from the one recorded call (20 min).
    expect(eta).toMatchObject({ status: 'in_progress', end: 'completed', estimatedFinishAt: '2026-11-23T10:20:00.000Z', basedOnAttempts: 1 });
    expect(eta.remaining).toEqual({ neverAttempted: 2, inFlight: 1, waiting: 0 });
  });

  it('counts the campaign window: what does not fit before closing waits for the next morning', () => {
    const eta = campaignEta('c-1', campaign({ maxConcurrentCalls: 1 }), dialer, '2026-11-23T16:30:00.000Z', 60_000);
    // b (started 09:20) is overdue and ends now; c runs 16:30–16:50, d starts before closing and runs past it.
    expect(eta.estimatedFinishAt).toBe('2026-11-23T17:10:00.000Z');
    const late = campaignEta('c-1', campaign({ maxConcurrentCalls: 1 }), dialer, '2026-11-23T16:45:00.000Z', 60_000);
    // c runs 16:45–17:05; d waits for Tuesday 09:00 and ends 09:20.
    expect(late.estimatedFinishAt).toBe('2026-11-24T09:20:00.000Z');
  });

  it('has no estimate for a paused campaign and answers when a finished one finished', () => {
    const paused = [...campaign({}), at('2026-11-23T10:00:00.000Z', { type: 'CampaignPaused', data: {} } as CampaignEvent)];
    expect(campaignEta('c-1', paused, dialer, '2026-11-23T10:30:00.000Z', 60_000)).toMatchObject({ end: 'paused', estimatedFinishAt: null });
    const done = [...campaign({}), at('2026-11-23T11:00:00.000Z', { type: 'CampaignCompleted', data: { completed: 4, failed: 0 } } as CampaignEvent)];
    expect(campaignEta('c-1', done, dialer, '2026-11-23T12:00:00.000Z', 60_000)).toMatchObject({ end: 'finished', estimatedFinishAt: '2026-11-23T11:00:00.000Z' });
  });
});
