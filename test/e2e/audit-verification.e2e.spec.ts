import { startTestApp, type TestApp } from '../support/app.js';
import { ALWAYS_OPEN, ANY_HOUR, waitFor } from '../support/dialer-harness.js';
import { mockNumbers } from '../support/dialer-numbers.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    TELEPHONY_MOCK_MIN_DURATION_MS: '20',
    TELEPHONY_MOCK_MAX_DURATION_MS: '80',
    TELEPHONY_MOCK_FAILURE_RATE: '0',
    CALL_TIMEOUT_MS: '2000',
  });
}, 30_000);
afterAll(async () => {
  await app?.close();
});

/**
 * New campaigns carry recipient hours (08:00–21:00) and the built-in rules. So that the test runs
 * at any hour, each number is placed in a zone where it is midday now (well inside every window).
 */
const middayZone = (): string => {
  const zones = ['Pacific/Honolulu', 'America/Los_Angeles', 'America/New_York', 'Atlantic/Azores', 'Europe/London', 'Europe/Berlin', 'Asia/Dubai', 'Asia/Dhaka', 'Asia/Tokyo', 'Pacific/Auckland'];
  const hourIn = (zone: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  return zones.reduce((best, zone) => (Math.abs(hourIn(zone) - 13) < Math.abs(hourIn(best) - 13) ? zone : best));
};

describe('verify and explain a campaign dialed end to end through the mock provider', () => {
  it('proves every invariant of the campaign from the log and explains each call', async () => {
    const used = new Set<string>();
    const answered = mockNumbers('answered', 4, used);
    const [retried] = mockNumbers('busyThenAnswered', 1, used);
    const busy = mockNumbers('busyAlways', 2, used);
    const timezone = middayZone();
    const created = await app.api('POST', '/campaigns', {
      body: {
        name: 'audited',
        phoneNumbers: [...answered, retried!, ...busy].map((phoneNumber) => ({ phoneNumber, timezone })),
        schedule: ALWAYS_OPEN,
        ...ANY_HOUR,
        maxConcurrentCalls: 2,
        retryPolicy: { maxRetries: 1, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await app.api('POST', `/campaigns/${id}/start`)).status).toBe(200);
    await waitFor('the campaign to complete', async () => (await app.api('GET', `/campaigns/${id}`)).body.status === 'completed', 30_000, 100);
    await waitFor('the stats to settle', async () => (await app.api('GET', `/campaigns/${id}/stats`)).body.attempts === 10, 5_000, 50);

    const verification = await app.api('GET', `/campaigns/${id}/verification`);
    expect(verification.status).toBe(200);
    expect(verification.body.violations).toEqual([]);
    expect(verification.body).toMatchObject({ ok: true, campaigns: [id], notes: [] });
    expect(verification.body.checks.map((c: { id: string }) => c.id)).toEqual([
      'cap', 'schedule', 'retry-first', 'attempt-once', 'terminal', 'stats', 'recipient-hours', 'do-not-call', 'frequency-cap', 'global-pacing', 'dial-rate', 'answered',
    ]);
    expect(verification.body.recounts[id]).toMatchObject({ total: 7, completed: 5, failed: 2, attempts: 10, retriesAttempted: 3 });

    const calls = (await app.api('GET', `/campaigns/${id}/calls?limit=50`)).body.items as Array<{ id: string; phoneNumber: string }>;
    const callId = calls.find((c) => c.phoneNumber === retried)!.id;
    const explained = await app.api('GET', `/calls/${callId}/explain`);
    expect(explained.status).toBe(200);
    const steps = explained.body.explanation.steps as Array<{ kind: string; attempt: number; outcome?: { result: string } }>;
    expect(steps.map((s) => [s.kind, s.attempt, s.outcome?.result ?? null])).toEqual([
      ['attempt', 1, 'busy'],
      ['wait', 2, null],
      ['attempt', 2, 'answered'],
    ]);
    expect(explained.body.text[0]).toContain(`Call ${callId} to ${retried} (campaign ${id})`);
    expect(explained.body.text.join('\n')).toMatch(/Attempt 2 decided .*campaign window open .*What happened: dial requested .*completed/);

    expect((await app.api('GET', `/calls/${crypto.randomUUID()}/explain`)).status).toBe(404);
    expect((await app.api('GET', `/campaigns/${crypto.randomUUID()}/verification`)).status).toBe(404);
  });
});
