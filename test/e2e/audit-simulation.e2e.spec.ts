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

const fieldsOf = (response: { status: number; body: { details?: Array<{ field: string }> } }) => [response.status, [...new Set(response.body.details?.map((d) => d.field))]];

describe('POST /campaigns/:id/simulations and GET /campaigns/:id/eta', () => {
  it('replays a campaign dialed end to end, answers what-ifs, refuses bad input by field and knows no unknown campaign', async () => {
    const used = new Set<string>();
    const numbers = [...mockNumbers('answered', 3, used), ...mockNumbers('busyThenAnswered', 1, used), ...mockNumbers('busyAlways', 2, used)];
    const created = await app.api('POST', '/campaigns', {
      body: {
        name: 'simulated',
        phoneNumbers: numbers,
        schedule: ALWAYS_OPEN,
        ...ANY_HOUR,
        maxConcurrentCalls: 2,
        retryPolicy: { maxRetries: 1, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const before = await app.api('GET', `/campaigns/${id}/eta`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: 'pending', end: 'completed', remaining: { neverAttempted: 6, inFlight: 0, waiting: 0 }, basedOnAttempts: 0 });
    expect((await app.api('POST', `/campaigns/${id}/start`)).status).toBe(200);
    await waitFor('the campaign to complete', async () => (await app.api('GET', `/campaigns/${id}`)).body.status === 'completed', 30_000, 100);

    const replay = await app.api('POST', `/campaigns/${id}/simulations`, { body: {} });
    expect(replay.status).toBe(200);
    // 3 answered + 1 busy-then-answered ×2 + 2 busy ×2
    expect(replay.body.recorded).toMatchObject({ attempts: 9, completed: 4, failed: 2 });
    expect(replay.body.simulated).toMatchObject({ attempts: 9, completed: 4, failed: 2, drawnAttempts: 0, end: 'completed', seed: 12 });
    expect(replay.body.ratio.attempts).toBe(1);

    const whatIf = await app.api('POST', `/campaigns/${id}/simulations`, { body: { maxRetries: 0, maxConcurrentCalls: 6 } });
    expect(whatIf.status).toBe(200);
    expect(whatIf.body.overrides).toEqual({ maxConcurrentCalls: 6, maxRetries: 0 });
    expect(whatIf.body.simulated).toMatchObject({ attempts: 6, completed: 3, failed: 3, maxConcurrentCalls: 6 });

    expect(fieldsOf(await app.api('POST', `/campaigns/${id}/simulations`, { body: { maxRetries: 'three' } }))).toEqual([400, ['maxRetries']]);
    expect(fieldsOf(await app.api('POST', `/campaigns/${id}/simulations`, { body: { maxConcurrentCalls: 0 } }))).toEqual([400, ['maxConcurrentCalls']]);
    expect(fieldsOf(await app.api('POST', `/campaigns/${id}/simulations`, { body: { backoffMultiplier: 1e9 } }))).toEqual([400, ['backoffMultiplier']]);
    expect(fieldsOf(await app.api('POST', `/campaigns/${id}/simulations`, { body: { initialDelayMs: 600_000 } }))).toEqual([400, ['maxDelayMs']]);
    expect(fieldsOf(await app.api('POST', `/campaigns/${id}/simulations`, { body: { seed: -1 } }))).toEqual([400, ['seed']]);
    expect((await app.api('POST', `/campaigns/${id}/simulations`, { body: { maxRetries: null } })).status).toBe(400);
    expect((await app.api('POST', `/campaigns/${id}/simulations`, { body: { speed: 2 } })).status).toBe(400);
    expect((await app.api('POST', `/campaigns/${crypto.randomUUID()}/simulations`, { body: {} })).status).toBe(404);

    const after = await app.api('GET', `/campaigns/${id}/eta`);
    expect(after.body).toMatchObject({ status: 'completed', end: 'finished', remaining: { neverAttempted: 0, inFlight: 0, waiting: 0 } });
    expect(after.body.estimatedFinishAt).not.toBeNull();
    expect((await app.api('GET', `/campaigns/${crypto.randomUUID()}/eta`)).status).toBe(404);
  }, 60_000);
});
