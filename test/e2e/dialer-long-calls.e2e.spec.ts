import { startTestApp, type TestApp } from '../support/app.js';
import { ALWAYS_OPEN, ANY_HOUR, waitFor } from '../support/dialer-harness.js';
import { campaignLog } from '../support/dialer-log.js';
import { mockNumbers } from '../support/dialer-numbers.js';

let app: TestApp;

beforeAll(async () => {
  // Answered calls last 6–6.4 s, past the 4 s ring time; the mock answers them a quarter in (≤ 1.6 s),
  // leaving a loaded machine seconds to deliver the answer before the ring time runs out.
  app = await startTestApp({
    TELEPHONY_MOCK_MIN_DURATION_MS: '6000',
    TELEPHONY_MOCK_MAX_DURATION_MS: '6400',
    TELEPHONY_MOCK_FAILURE_RATE: '0',
    CALL_TIMEOUT_MS: '4000',
  });
}, 30_000);
afterAll(async () => {
  await app?.close();
});

describe('invariant 12 end to end: conversations longer than CALL_TIMEOUT_MS', () => {
  it('completes every answered call once, through the mock’s ringing / answered / completed callbacks, and re-dials none', async () => {
    const numbers = [...mockNumbers('answered', 8), ...mockNumbers('busyThenAnswered', 2)];
    const created = await app.api('POST', '/campaigns', {
      body: {
        name: 'long conversations',
        phoneNumbers: numbers,
        schedule: ALWAYS_OPEN,
        ...ANY_HOUR,
        maxConcurrentCalls: 10,
        retryPolicy: { maxRetries: 2, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 },
      },
    });
    const id = created.body.id as string;
    expect((await app.api('POST', `/campaigns/${id}/start`)).status).toBe(200);

    await waitFor('the campaign to complete', async () => (await app.api('GET', `/campaigns/${id}`)).body.status === 'completed', 30_000, 100);
    const log = await campaignLog(app.store, id);
    expect(log.duplicateAttempts).toEqual([]);
    const histories = [...log.calls.values()].map((c) => log.outcomes.get(c.callId)!.join(',')).sort();
    expect(histories).toEqual([...Array<string>(8).fill('answered'), 'busy,answered', 'busy,answered'].sort());
    for (const call of log.calls.values()) {
      const answers = call.events.filter((e) => e.type === 'CallAnswered');
      const completions = call.events.filter((e) => e.type === 'CallCompleted');
      expect({ answers: answers.length, completions: completions.length }).toEqual({ answers: 1, completions: 1 });
      expect(completions[0]!.data).not.toHaveProperty('endReason');
    }
    await waitFor('the stats to settle', async () => (await app.api('GET', `/campaigns/${id}/stats`)).body.attempts === 12, 5_000, 50);
    expect((await app.api('GET', `/campaigns/${id}/stats`)).body).toMatchObject({ total: 10, completed: 10, failed: 0, attempts: 12 });
  }, 45_000);
});
