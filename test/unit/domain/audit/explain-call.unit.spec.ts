import type { AuditEvent } from '../../../../src/domain/audit/audit-event.js';
import { explainCall } from '../../../../src/domain/audit/explain-call.js';
import { explanationText } from '../../../../src/domain/audit/explain-text.js';
import { BUILTIN_RULES } from '../../../../src/domain/compliance/index.js';

const campaignId = 'c0ffee00-0000-4000-8000-000000000001';
const callId = 'ca11ca11-0000-4000-8000-000000000002';
let position = 0;
const event = (stream: string, type: string, data: Record<string, unknown>, recordedAt: string): AuditEvent => ({
  type,
  data,
  stream,
  streamVersion: 0,
  globalPosition: `${++position}/0`,
  recordedAt,
});
const recipient = (closedBy: string[], localTime: string) => ({
  zones: [{ zone: 'America/Chicago', source: 'prefix', localTime }],
  states: [{ state: 'TX', source: 'area-code' }],
  recipientHours: { start: '08:00', end: '21:00' },
  complianceRules: 'builtin',
  rules: ['us-federal-hours', 'tx-hours'],
  ruleSetVersion: BUILTIN_RULES.version,
  closedBy,
});

describe('explain a call from its decisions', () => {
  it('says why each wait and attempt happened then, with zones, local times, rules and their citations', () => {
    const events = [
      event(`campaign-${campaignId}`, 'CampaignCreated', {
        campaignId,
        name: 'x',
        schedule: { timezone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }], blackoutDates: [] },
        maxConcurrentCalls: 3,
        retryPolicy: { maxRetries: 1, initialDelayMs: 1, backoffMultiplier: 1, maxDelayMs: 1 },
        recipientHours: { start: '08:00', end: '21:00' },
        complianceRules: 'builtin',
      }, '2026-12-06T12:00:00.000Z'),
      event(`campaign-${campaignId}`, 'CampaignNumbersAdded', { calls: [{ callId, phoneNumber: '+12145550100' }] }, '2026-12-06T12:00:00.000Z'),
      event(`dialer-${campaignId}`, 'DialDeferred', { callId, attempt: 1, phoneNumber: '+12145550100', waitingFor: 'recipient_hours', until: '2026-12-06T18:00:00.000Z', recipient: recipient(['tx-hours@America/Chicago'], 'Sun 2026-12-06 06:00:00 -06:00') }, '2026-12-06T12:00:00.000Z'),
      event(`dialer-${campaignId}`, 'DialStarted', { callId, attempt: 1, phoneNumber: '+12145550100', decision: { inFlight: 1, cap: 3, retryDueAt: null, recipient: recipient([], 'Sun 2026-12-06 12:00:00 -06:00') } }, '2026-12-06T18:00:00.000Z'),
      event(`call-${callId}`, 'CallScheduled', { callId, campaignId, phoneNumber: '+12145550100' }, '2026-12-06T18:00:00.000Z'),
      event(`call-${callId}`, 'CallAttempted', { attempt: 1 }, '2026-12-06T18:00:00.100Z'),
      event(`call-${callId}`, 'CallAnswered', { attempt: 1, providerCallId: 'p1' }, '2026-12-06T18:00:05.000Z'),
      event(`call-${callId}`, 'CallCompleted', { attempt: 1, providerCallId: 'p1', durationMs: 42_000 }, '2026-12-06T18:00:47.000Z'),
    ];
    const explanation = explainCall(callId, events);
    expect(explanation).toMatchObject({ callId, campaignId, phoneNumber: '+12145550100' });
    expect(explanation.steps.map((s) => s.kind)).toEqual(['wait', 'attempt']);
    const attempt = explanation.steps[1]!;
    if (attempt.kind !== 'attempt') throw new Error('not an attempt');
    expect(attempt.why).toMatchObject({ recorded: true, slot: { inFlightBefore: 1, cap: 3 }, campaignWindow: { openAtDecision: true } });
    expect(attempt.why.recipient!.rules[1]).toEqual({ id: 'tx-hours', name: expect.stringContaining('Texas'), citation: 'Tex. Bus. & Com. Code § 301.051' });
    expect(attempt.outcome).toMatchObject({ result: 'answered', durationMs: 42_000, answeredAt: '2026-12-06T18:00:05.000Z' });

    const text = explanationText(explanation);
    expect(text[1]).toBe(
      '  Attempt 1 waits for recipient_hours from 2026-12-06T12:00:00.000Z until 2026-12-06T18:00:00.000Z — recipient closed by tx-hours@America/Chicago: ' +
        'local time Sun 2026-12-06 06:00:00 -06:00 in America/Chicago (zone from prefix); states TX (from area-code); recipient hours 08:00–21:00; ' +
        `builtin rules, rules us-federal-hours [47 CFR § 64.1200(c)(1) (TCPA); 16 CFR § 310.4(c) (Telemarketing Sales Rule)], tx-hours [Tex. Bus. & Com. Code § 301.051]; rule set ${BUILTIN_RULES.version}.`,
    );
    expect(text[2]).toContain('Attempt 1 decided 2026-12-06T18:00:00.000Z: campaign window open (mon,tue,wed,thu,fri,sat,sun 00:00–24:00 UTC); slot 2 of 3; recipient open: local time Sun 2026-12-06 12:00:00 -06:00');
    expect(text[2]).toContain('What happened: dial requested 2026-12-06T18:00:00.100Z, answered 2026-12-06T18:00:05.000Z, completed 2026-12-06T18:00:47.000Z after 42.0 s.');
  });

  it('says what is known of a call decided before inputs were recorded, and of a skipped one', () => {
    const skipped = explainCall(callId, [
      event(`call-${callId}`, 'CallScheduled', { callId, campaignId: null, phoneNumber: '+12145550100' }, '2026-12-06T12:00:00.000Z'),
      event('dialer-single', 'DialStarted', { callId, attempt: 1, phoneNumber: '+12145550100' }, '2026-12-06T12:00:00.000Z'),
      event(`call-${callId}`, 'CallAttempted', { attempt: 1 }, '2026-12-06T12:00:00.000Z'),
      event(`call-${callId}`, 'CallFailed', { attempt: 1, outcome: 'busy', providerCallId: null, willRetry: true }, '2026-12-06T12:00:03.000Z'),
      event(`call-${callId}`, 'CallRetryScheduled', { attempt: 2, dueAt: '2026-12-06T12:01:03.000Z' }, '2026-12-06T12:00:03.000Z'),
      event(`call-${callId}`, 'CallSkipped', { attempt: 2, reason: 'dnc' }, '2026-12-06T12:01:03.000Z'),
    ]);
    expect(explanationText(skipped)).toEqual([
      `Call ${callId} to +12145550100 (single call):`,
      '  Attempt 1 decided 2026-12-06T12:00:00.000Z: the decision predates recorded inputs: this is what the log still shows. ' +
        'What happened: dial requested 2026-12-06T12:00:00.000Z, busy at 2026-12-06T12:00:03.000Z, to be retried at 2026-12-06T12:01:03.000Z.',
      '  Attempt 2 waits for retry_delay from 2026-12-06T12:00:03.000Z until 2026-12-06T12:01:03.000Z.',
      '  Skipped at 2026-12-06T12:01:03.000Z: dnc; never to be dialed.',
    ]);
  });
  it('says when a call waited for a calls-per-second token, and which budget its request took one from', () => {
    const phoneNumber = '+12145550101';
    const events = [
      event(`campaign-${campaignId}`, 'CampaignNumbersAdded', { calls: [{ callId, phoneNumber }] }, '2026-12-06T12:00:00.000Z'),
      event(`dialer-${campaignId}`, 'DialStarted', { callId, attempt: 1, phoneNumber }, '2026-12-06T12:00:00.000Z'),
      event(`dialer-${campaignId}`, 'DialEnded', { callId, attempt: 1, outcome: 'deferred', retryDueAt: '2026-12-06T12:00:00.800Z', terminal: false, waitingFor: 'rate_limit' }, '2026-12-06T12:00:00.010Z'),
      event(`dialer-${campaignId}`, 'DialStarted', { callId, attempt: 1, phoneNumber }, '2026-12-06T12:00:00.801Z'),
      event(`call-${callId}`, 'CallScheduled', { callId, campaignId, phoneNumber }, '2026-12-06T12:00:00.805Z'),
      event(`call-${callId}`, 'CallAttempted', { attempt: 1, rate: { count: 5, windowMs: 1_000 } }, '2026-12-06T12:00:00.805Z'),
    ];
    const explanation = explainCall(callId, events);
    expect(explanation.steps.map((s) => s.kind)).toEqual(['attempt', 'wait', 'attempt']);
    expect(explanation.steps[2]).toMatchObject({ outcome: { attemptedAt: '2026-12-06T12:00:00.805Z', rate: { count: 5, windowMs: 1_000 } } });
    const text = explanationText(explanation);
    expect(text[1]).toContain('What happened: not dialed: the slot was given back to wait for rate_limit.');
    expect(text[2]).toBe('  Attempt 1 waits for a calls-per-second token (rate_limit) from 2026-12-06T12:00:00.010Z until 2026-12-06T12:00:00.800Z; its slot is given back meanwhile.');
    expect(text[3]).toContain('dial requested 2026-12-06T12:00:00.805Z (token from the calls-per-second budget, 5 per 1000 ms), still in flight');
  });
});

describe('explain the global cap behind a call', () => {
  it('names the global slot, weight and share a dial was started under, and a wait for the global cap', () => {
    const single = 'ca11ca11-0000-4000-8000-000000000003';
    const explanation = explainCall(single, [
      event(`call-${single}`, 'CallScheduled', { callId: single, campaignId: null, phoneNumber: '+12145550100' }, '2026-12-06T12:00:00.000Z'),
      event('dialer-single', 'DialStarted', { callId: single, attempt: 1, phoneNumber: '+12145550100', decision: { inFlight: 0, cap: 10, retryDueAt: null, recipient: null, global: { inFlight: 29, cap: 30, share: 7.5, weight: 1 } } }, '2026-12-06T12:00:00.000Z'),
      event('dialer-single', 'DialEnded', { callId: single, attempt: 1, outcome: 'deferred', retryDueAt: '2026-12-06T12:00:00.000Z', terminal: false, waitingFor: 'global_cap' }, '2026-12-06T12:00:00.050Z'),
    ]);
    expect(explanation.steps[0]).toMatchObject({ kind: 'attempt', why: { global: { inFlightBefore: 29, cap: 30, share: 7.5, weight: 1 } } });
    const text = explanationText(explanation);
    expect(text[1]).toContain('slot 1 of 10; global slot 30 of 30 (weight 1, share 7.5)');
    expect(text[2]).toBe('  Attempt 1 waits for global_cap from 2026-12-06T12:00:00.050Z.');
  });
});
