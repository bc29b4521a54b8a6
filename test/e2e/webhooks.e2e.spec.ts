import { randomUUID } from 'node:crypto';
import { EVENT_STORE, StreamNotFoundError, type EventStore } from '../../src/application/ports/event-store.port.js';
import type { CommandContext } from '../../src/application/command-handling/command-context.js';
import { handleCallCommand, handleCampaignCommand } from '../../src/application/command-handling/domain-handlers.js';
import type { CallCommand } from '../../src/domain/call/call.commands.js';
import { callStream } from '../../src/domain/call/call.events.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../src/domain/campaign/campaign-config.js';
import { createApp, type Running } from '../../src/infrastructure/bootstrap.js';
import { loadConfig } from '../../src/infrastructure/config/app-config.js';
import { SIGNATURE_HEADER, signWebhook } from '../../src/infrastructure/telephony/webhook-signature.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const SECRET = `whsec_${randomUUID()}`;
const NO_DELAY: RetryPolicy = { maxRetries: 2, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 };

let db: TestDatabase;
let running: Running;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    TELEPHONY_WEBHOOK_SECRET: SECRET,
    API_KEYS: 'the-only-key',
  });
  running = await createApp({ config, role: 'api', logger: false });
  store = running.app.get(EVENT_STORE);
});
afterAll(async () => {
  await running?.close();
  await db?.drop();
});

const context = (): CommandContext => ({
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: 'test',
  now: new Date().toISOString(),
});
const call = (command: CallCommand) => handleCallCommand(store, command, context());

const eventTypes = async (callId: string): Promise<string[]> => {
  try {
    return (await store.readStream(callStream(callId))).map((e) => e.type);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
};

/** A call whose attempt `attempt` is in flight; earlier attempts ended busy with an immediate retry. */
const givenCallInFlight = async (options: { attempt?: number; campaignId?: string | null } = {}) => {
  const callId = randomUUID();
  await call({ type: 'ScheduleCall', callId, campaignId: options.campaignId ?? null, phoneNumber: '+14155550100' });
  for (let attempt = 1; attempt <= (options.attempt ?? 1); attempt += 1) {
    if (attempt > 1) {
      const outcome = { attempt: attempt - 1, outcome: 'busy' as const, providerCallId: `p${attempt - 1}` };
      await call({ type: 'RecordOutcome', callId, ...outcome, retryPolicy: NO_DELAY, now: new Date().toISOString() });
    }
    await call({ type: 'StartAttempt', callId, attempt, now: new Date().toISOString() });
  }
  return callId;
};

const payload = (callId: string, status: string, extra: Record<string, unknown> = {}) => ({
  providerCallId: `mock_${callId}`,
  callId,
  attempt: 1,
  status,
  ...(['completed', 'busy', 'no_answer', 'failed'].includes(status) ? { durationMs: 1234 } : {}),
  occurredAt: new Date().toISOString(),
  ...extra,
});

type Delivery = { secret?: string; timestampSeconds?: number; header?: string | null; sentBody?: string };

const deliver = async (body: object, options: Delivery = {}) => {
  const raw = JSON.stringify(body);
  const t = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const header = options.header === undefined ? signWebhook(options.secret ?? SECRET, raw, t) : options.header;
  const response = await fetch(`${running.url}/api/v1/telephony/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header === null ? {} : { [SIGNATURE_HEADER]: header }) },
    body: options.sentBody ?? raw,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('POST /api/v1/telephony/webhooks: authenticity', () => {
  it('records a correctly signed outcome', async () => {
    const callId = await givenCallInFlight();
    expect(await deliver(payload(callId, 'completed'))).toEqual({ status: 200, body: { result: 'recorded' } });
    const events = await store.readStream(callStream(callId));
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
    const callId = await givenCallInFlight();
    const body = payload(callId, 'completed');
    const { status, body: error } = await deliver(body, delivery(body));
    expect(status).toBe(401);
    expect(error).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('signature') });
    expect(await eventTypes(callId)).toEqual(['CallScheduled', 'CallAttempted']);
  });

  it('needs no API key, where the rest of the API does: the signature is its authentication', async () => {
    const callId = await givenCallInFlight();
    expect((await fetch(`${running.url}/api/v1/calls/${callId}`)).status).toBe(401);
    expect((await deliver(payload(callId, 'busy'))).status).toBe(200);
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
    const callId = await givenCallInFlight();
    const { status, body: error } = await deliver(body(callId));
    expect(status).toBe(400);
    expect(error).toMatchObject({ statusCode: 400, message: expect.stringContaining(field) });
    expect(await eventTypes(callId)).toEqual(['CallScheduled', 'CallAttempted']);
  });

  it('accepts fields it does not know, as providers add them', async () => {
    const callId = await givenCallInFlight();
    expect((await deliver(payload(callId, 'completed', { sipCode: 200 }))).body).toEqual({ result: 'recorded' });
  });

  it.each([
    ['busy', 'busy'],
    ['no_answer', 'no_answer'],
    ['failed', 'error'],
  ])('records %s as a failed attempt with outcome %s, retried by the default policy for a single call', async (status, outcome) => {
    const before = Date.now();
    const callId = await givenCallInFlight();
    await deliver(payload(callId, status));
    const [failed, retry] = (await store.readStream(callStream(callId))).slice(2);
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
    };
    await handleCampaignCommand(store, { type: 'CreateCampaign', campaignId, config, calls: [] }, context());
    const callId = await givenCallInFlight({ campaignId });
    await handleCampaignCommand(
      store,
      { type: 'UpdateCampaign', campaignId, changes: { retryPolicy: { ...NO_DELAY, maxRetries: 0 } } },
      context(),
    );
    await deliver(payload(callId, 'busy'));
    const events = await store.readStream(callStream(callId));
    expect(events.slice(2).map((e) => [e.type, e.data])).toEqual([
      ['CallFailed', { attempt: 1, outcome: 'busy', providerCallId: `mock_${callId}`, willRetry: false }],
    ]);
  });

  it('answers 200 "ignored" for an unknown call and creates no stream', async () => {
    const callId = randomUUID();
    const { status, body } = await deliver(payload(callId, 'completed'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ result: 'ignored', reason: expect.stringContaining('not found') });
    expect(await eventTypes(callId)).toEqual([]);
  });

  it('answers 200 "ignored" for an attempt never started', async () => {
    const callId = await givenCallInFlight();
    const { body } = await deliver(payload(callId, 'completed', { attempt: 3 }));
    expect(body).toMatchObject({ result: 'ignored' });
    expect(await eventTypes(callId)).toEqual(['CallScheduled', 'CallAttempted']);
  });
});

describe('POST /api/v1/telephony/webhooks: duplicates and reordering', () => {
  it('records a redelivered outcome once', async () => {
    const callId = await givenCallInFlight();
    const body = payload(callId, 'completed');
    expect((await deliver(body)).body).toEqual({ result: 'recorded' });
    expect((await deliver(body)).body).toEqual({ result: 'duplicate' });
    expect(await eventTypes(callId)).toEqual(['CallScheduled', 'CallAttempted', 'CallCompleted']);
  });

  it('records one outcome when the same delivery arrives several times at once', async () => {
    const callId = await givenCallInFlight();
    const body = payload(callId, 'busy');
    const results = await Promise.all(Array.from({ length: 6 }, () => deliver(body)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.body.result === 'recorded')).toHaveLength(1);
    expect(await eventTypes(callId)).toEqual(['CallScheduled', 'CallAttempted', 'CallFailed', 'CallRetryScheduled']);
  });

  it('takes the first of two conflicting outcomes for one attempt', async () => {
    const callId = await givenCallInFlight();
    await deliver(payload(callId, 'completed'));
    expect((await deliver(payload(callId, 'no_answer'))).body).toEqual({ result: 'duplicate' });
    expect(await eventTypes(callId)).toEqual(['CallScheduled', 'CallAttempted', 'CallCompleted']);
  });

  it('ignores progress statuses, also a late ringing or answered after completed', async () => {
    const callId = await givenCallInFlight();
    expect((await deliver(payload(callId, 'ringing'))).body).toEqual({ result: 'progress' });
    await deliver(payload(callId, 'completed'));
    expect((await deliver(payload(callId, 'ringing'))).body).toEqual({ result: 'progress' });
    expect((await deliver(payload(callId, 'answered'))).body).toEqual({ result: 'progress' });
    expect(await eventTypes(callId)).toEqual(['CallScheduled', 'CallAttempted', 'CallCompleted']);
  });

  it("changes nothing when attempt 1's outcome arrives after attempt 2's", async () => {
    const callId = await givenCallInFlight({ attempt: 2 });
    const before = await eventTypes(callId);
    expect((await deliver(payload(callId, 'completed', { attempt: 2 }))).body).toEqual({ result: 'recorded' });
    expect((await deliver(payload(callId, 'no_answer', { attempt: 1 }))).body).toEqual({ result: 'duplicate' });
    expect((await deliver(payload(callId, 'busy', { attempt: 1 }))).body).toEqual({ result: 'duplicate' });
    expect(await eventTypes(callId)).toEqual([...before, 'CallCompleted']);
  });
});
