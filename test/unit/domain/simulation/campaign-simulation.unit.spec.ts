import type { CampaignConfig } from '../../../../src/domain/campaign/campaign-config.js';
import type { DialerState } from '../../../../src/domain/dialer/dialer.state.js';
import { simulateCampaign, type SimulationRequest } from '../../../../src/domain/simulation/campaign-simulation.js';
import { recordedOutcomes, type RecordedAttempt } from '../../../../src/domain/simulation/recorded-outcomes.js';
import type { Schedule } from '../../../../src/domain/calendar/schedule.js';
import { added, calls, created, given, started, type Call } from '../dialer/dialer.fixtures.js';

const ALWAYS_OPEN: Schedule = { timezone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }], blackoutDates: [] };
const S = 1_000;
const H = 3_600_000;
const answered = (ms: number): RecordedAttempt => ({ outcome: 'answered', durationMs: ms });
const busy = (ms: number): RecordedAttempt => ({ outcome: 'busy', durationMs: ms });

const campaign = (list: readonly Call[], overrides: Partial<CampaignConfig> = {}): DialerState => given(created(overrides), added(list), started);

const run = (state: DialerState, at: string, history: ReadonlyArray<[Call, RecordedAttempt[]]>, more: Partial<SimulationRequest> = {}) =>
  simulateCampaign({
    state,
    at,
    recorded: recordedOutcomes(new Map(history.map(([call, attempts]) => [call.callId, attempts]))),
    seed: 12,
    selection: { marginMs: 60_000 },
    ...more,
  });

describe('simulateCampaign: a campaign on a virtual clock through the dialer’s own decide', () => {
  it('waits for the campaign window: a call in flight at closing finishes, the next starts when it opens again', () => {
    const [a, b, c] = calls(3) as [Call, Call, Call];
    // Weekdays 09:00–17:00 UTC, one slot, each call answered after an hour; started Monday 16:00.
    const result = run(campaign([a, b, c], { maxConcurrentCalls: 1 }), '2026-11-23T16:00:00.000Z', [[a, [answered(H)]], [b, [answered(H)]], [c, [answered(H)]]]);
    expect(result).toMatchObject({ attempts: 3, completed: 3, failed: 0, end: 'completed', finishedAt: '2026-11-24T11:00:00.000Z' });
  });

  it('dials a due retry before a fresh number, after the recorded delay counted from the outcome', () => {
    const [a, b, c] = calls(3) as [Call, Call, Call];
    const policy = { maxRetries: 2, initialDelayMs: 5 * S, backoffMultiplier: 1, maxDelayMs: 5 * S };
    const state = campaign([a, b, c], { schedule: ALWAYS_OPEN, maxConcurrentCalls: 1, retryPolicy: policy });
    // a busy 0–10 s (retry due at 15 s), b 10–20 s, then a's retry (due) before c: 20–30 s, c 30–40 s.
    const result = run(state, '2026-11-23T10:00:00.000Z', [[a, [busy(10 * S), answered(10 * S)]], [b, [answered(10 * S)]], [c, [answered(10 * S)]]]);
    expect(result).toMatchObject({ attempts: 4, completed: 3, durationMs: 40 * S, drawnAttempts: 0 });
  });

  it('under a changed policy draws the attempts the log never held from the number’s own outcomes, the same for the same seed', () => {
    const [a, b] = calls(2) as [Call, Call];
    const state = campaign([a, b], { schedule: ALWAYS_OPEN, retryPolicy: { maxRetries: 1, initialDelayMs: S, backoffMultiplier: 1, maxDelayMs: S } });
    const history: Array<[Call, RecordedAttempt[]]> = [[a, [busy(S), busy(S)]], [b, [answered(S)]]];
    expect(run(state, '2026-11-23T10:00:00.000Z', history)).toMatchObject({ attempts: 3, completed: 1, failed: 1, drawnAttempts: 0 });
    const more = run(state, '2026-11-23T10:00:00.000Z', history, { overrides: { retryPolicy: { maxRetries: 3 } } });
    // a's attempts 3 and 4 are drawn from its own two busy attempts, never from b's answer.
    expect(more).toMatchObject({ attempts: 5, completed: 1, failed: 1, drawnAttempts: 2, retryPolicy: { maxRetries: 3 } });
    expect(run(state, '2026-11-23T10:00:00.000Z', history, { overrides: { retryPolicy: { maxRetries: 3 } } })).toEqual(more);
    const fewer = run(state, '2026-11-23T10:00:00.000Z', history, { overrides: { retryPolicy: { maxRetries: 0 } } });
    expect(fewer).toMatchObject({ attempts: 2, completed: 1, failed: 1 });
  });

  it('holds a number until its recipient’s hours open, on the virtual clock', () => {
    const la = { callId: 'la', phoneNumber: '+14155550100', timezone: 'America/Los_Angeles' };
    const state = campaign([la], { schedule: ALWAYS_OPEN, recipientHours: { start: '08:00', end: '21:00' }, complianceRules: 'none' });
    // 10:00 UTC is 02:00 in Los Angeles: the call waits for 08:00 there (16:00 UTC), then takes a minute.
    const result = run(state, '2026-11-23T10:00:00.000Z', [[la, [answered(60 * S)]]]);
    expect(result).toMatchObject({ attempts: 1, completed: 1, end: 'completed', finishedAt: '2026-11-23T16:01:00.000Z' });
  });

  it('gives up at the horizon when the window never comes back in time, and says so', () => {
    const [a] = calls(1) as [Call];
    const result = run(campaign([a]), '2026-11-23T20:00:00.000Z', [[a, [answered(S)]]], { horizonMs: H });
    expect(result).toMatchObject({ end: 'horizon', finishedAt: null, durationMs: null, attempts: 0 });
  });
});
