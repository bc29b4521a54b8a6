import { randomUUID } from 'node:crypto';
import { handleCampaignCommand } from '../../src/application/command-handling/domain-handlers.js';
import { callStream } from '../../src/domain/call/call.events.js';
import { DEFAULT_RETRY_POLICY } from '../../src/domain/campaign/campaign-config.js';
import { useTestApp } from '../support/app.js';
import { callEventTypes, context, deliver, givenCallInFlight, NO_DELAY, payload, type Delivery } from './support/webhook-requests.js';

const SECRET = `whsec_${randomUUID()}`;

// No dialer here: the test starts attempts by hand, at any hour, so the log is not a dialer's to verify.
const app = useTestApp({ TELEPHONY_WEBHOOK_SECRET: SECRET, API_KEYS: 'the-only-key' }, { role: 'api', verify: false });

describe('POST /api/v1/telephony/webhooks: authenticity', () => {
  it('records a correctly signed outcome', async () => {
    const callId = await givenCallInFlight(app);
    expect(await deliver(app, payload(callId, 'completed'))).toEqual({ status: 200, body: { result: 'recorded' } });
    const events = await app.store.readStream(callStream(callId));
    expect(events.at(-1)).toMatchObject({
      type: 'CallCompleted',
      data: { attempt: 1, providerCallId: `mock_${callId}`, durationMs: 1234 },
      metadata: { actor: 'telephony-provider' },
    });
  });

  it.each<[string, (raw: object) => Delivery]>([
    ['a signature made with another secret', () => ({ secret: 'guessed' })],
    ['no signature header', () => ({ header: null })],
    ['a malformed header', () => ({ header: 't=abc,v1=xyz' })],
    ['a body changed after signing', (body) => ({ sentBody: JSON.stringify({ ...body, status: 'busy' }) })],
    ['a stale timestamp (6 minutes old)', () => ({ timestampSeconds: Math.floor(Date.now() / 1000) - 360 })],
    ['a timestamp 6 minutes in the future', () => ({ timestampSeconds: Math.floor(Date.now() / 1000) + 360 })],
  ])('answers 401 for %s and records nothing', async (_what, delivery) => {
    const callId = await givenCallInFlight(app);
    const body = payload(callId, 'completed');
    const { status, body: error } = await deliver(app, body, delivery(body));
    expect(status).toBe(401);
    expect(error).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('signature') });
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted']);
  });

  it('needs no API key, where the rest of the API does: the signature is its authentication', async () => {
    const callId = await givenCallInFlight(app);
    expect((await app.api('GET', `/calls/${callId}`)).status).toBe(401);
    expect((await deliver(app, payload(callId, 'busy'))).status).toBe(200);
  });
});

describe('POST /api/v1/telephony/webhooks: payloads', () => {
  it.each([
    ['callId', (callId: string) => payload(callId, 'completed', { callId: 'not-a-uuid' })],
    ['status', (callId: string) => payload(callId, 'hung_up')],
    ['attempt', (callId: string) => payload(callId, 'completed', { attempt: 0 })],
    ['durationMs', (callId: string) => payload(callId, 'completed', { durationMs: -5 })],
    ['occurredAt', (callId: string) => payload(callId, 'completed', { occurredAt: 'yesterday' })],
  ])('answers 400 naming %s when a signed body is invalid, recording nothing', async (field, body) => {
    const callId = await givenCallInFlight(app);
    const { status, body: error } = await deliver(app, body(callId));
    expect(status).toBe(400);
    expect(error).toMatchObject({ statusCode: 400, message: expect.stringContaining(field) });
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted']);
  });

  it('accepts fields it does not know, as providers add them', async () => {
    const callId = await givenCallInFlight(app);
    expect((await deliver(app, payload(callId, 'completed', { sipCode: 200 }))).body).toEqual({ result: 'recorded' });
  });

  it.each([
    ['busy', 'busy'],
    ['no_answer', 'no_answer'],
    ['failed', 'error'],
  ])('records %s as a failed attempt with outcome %s, retried by the default policy for a single call', async (status, outcome) => {
    const before = Date.now();
    const callId = await givenCallInFlight(app);
    await deliver(app, payload(callId, status));
    const [failed, retry] = (await app.store.readStream(callStream(callId))).slice(2);
    expect(failed).toMatchObject({ type: 'CallFailed', data: { attempt: 1, outcome, willRetry: true } });
    expect(retry).toMatchObject({ type: 'CallRetryScheduled', data: { attempt: 2 } });
    const delay = Date.parse((retry!.data as { dueAt: string }).dueAt) - before;
    expect(delay).toBeGreaterThanOrEqual(DEFAULT_RETRY_POLICY.initialDelayMs);
    expect(delay).toBeLessThan(DEFAULT_RETRY_POLICY.initialDelayMs + 10_000);
  });

  it("applies a campaign call's current retry policy, as last changed", async () => {
    const campaignId = randomUUID();
    const config = {
      name: 'webhook policy',
      schedule: { timezone: 'UTC', windows: [{ days: ['mon' as const], start: '09:00', end: '17:00' }], blackoutDates: [] },
      maxConcurrentCalls: 1,
      retryPolicy: { ...NO_DELAY, maxRetries: 3 },
      recipientHours: null,
      complianceRules: 'none' as const,
      subject: campaignId,
      weight: 1,
    };
    await handleCampaignCommand(app.store, { type: 'CreateCampaign', campaignId, config, calls: [] }, context());
    const callId = await givenCallInFlight(app, { campaignId });
    await handleCampaignCommand(
      app.store,
      { type: 'UpdateCampaign', campaignId, changes: { retryPolicy: { ...NO_DELAY, maxRetries: 0 } } },
      context(),
    );
    await deliver(app, payload(callId, 'busy'));
    const events = await app.store.readStream(callStream(callId));
    expect(events.slice(2).map((e) => [e.type, e.data])).toEqual([
      ['CallFailed', { attempt: 1, outcome: 'busy', providerCallId: `mock_${callId}`, willRetry: false }],
    ]);
  });

  it('answers 200 "ignored" for an unknown call and creates no stream', async () => {
    const callId = randomUUID();
    const { status, body } = await deliver(app, payload(callId, 'completed'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ result: 'ignored', reason: expect.stringContaining('not found') });
    expect(await callEventTypes(app, callId)).toEqual([]);
  });

  it('answers 200 "ignored" for an attempt never started', async () => {
    const callId = await givenCallInFlight(app);
    const { body } = await deliver(app, payload(callId, 'completed', { attempt: 3 }));
    expect(body).toMatchObject({ result: 'ignored' });
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted']);
  });
});

describe('POST /api/v1/telephony/webhooks: duplicates and reordering', () => {
  it('records a redelivered outcome once', async () => {
    const callId = await givenCallInFlight(app);
    const body = payload(callId, 'completed');
    expect((await deliver(app, body)).body).toEqual({ result: 'recorded' });
    expect((await deliver(app, body)).body).toEqual({ result: 'duplicate' });
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted', 'CallCompleted']);
  });

  it('records one outcome when the same delivery arrives several times at once', async () => {
    const callId = await givenCallInFlight(app);
    const body = payload(callId, 'busy');
    const results = await Promise.all(Array.from({ length: 6 }, () => deliver(app, body)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.body.result === 'recorded')).toHaveLength(1);
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted', 'CallFailed', 'CallRetryScheduled']);
  });

  it('takes the first of two conflicting outcomes for one attempt', async () => {
    const callId = await givenCallInFlight(app);
    await deliver(app, payload(callId, 'completed'));
    expect((await deliver(app, payload(callId, 'no_answer'))).body).toEqual({ result: 'duplicate' });
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted', 'CallCompleted']);
  });

  it('records nothing for ringing, nor for a late answered after completed', async () => {
    const callId = await givenCallInFlight(app);
    expect((await deliver(app, payload(callId, 'ringing'))).body).toEqual({ result: 'progress' });
    await deliver(app, payload(callId, 'completed'));
    expect((await deliver(app, payload(callId, 'ringing'))).body).toEqual({ result: 'progress' });
    expect((await deliver(app, payload(callId, 'answered'))).body).toEqual({ result: 'duplicate' });
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted', 'CallCompleted']);
  });

  it('records answered once, and keeps the attempt answered when the line then drops', async () => {
    const callId = await givenCallInFlight(app);
    expect((await deliver(app, payload(callId, 'answered'))).body).toEqual({ result: 'recorded' });
    expect((await deliver(app, payload(callId, 'answered'))).body).toEqual({ result: 'duplicate' });
    expect((await deliver(app, payload(callId, 'failed'))).body).toEqual({ result: 'recorded' });
    const events = await app.store.readStream(callStream(callId));
    expect(events.map((e) => e.type)).toEqual(['CallScheduled', 'CallAttempted', 'CallAnswered', 'CallCompleted']);
    expect(events.at(-1)!.data).toMatchObject({ attempt: 1, endReason: 'dropped' });
  });

  it("changes nothing when attempt 1's outcome arrives after attempt 2's", async () => {
    const callId = await givenCallInFlight(app, { attempt: 2 });
    const before = await callEventTypes(app, callId);
    expect((await deliver(app, payload(callId, 'completed', { attempt: 2 }))).body).toEqual({ result: 'recorded' });
    expect((await deliver(app, payload(callId, 'no_answer', { attempt: 1 }))).body).toEqual({ result: 'duplicate' });
    expect((await deliver(app, payload(callId, 'busy', { attempt: 1 }))).body).toEqual({ result: 'duplicate' });
    expect(await callEventTypes(app, callId)).toEqual([...before, 'CallCompleted']);
  });
});
