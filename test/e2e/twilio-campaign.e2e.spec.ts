import { createServer } from 'node:net';
import { verifyLog } from '../../src/application/audit/verify-log.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { ALWAYS_OPEN, FAST_RETRIES, waitFor } from '../support/dialer-harness.js';
import { campaignLog } from '../support/dialer-log.js';
import { mockNumbers, type MockBehaviour } from '../support/dialer-numbers.js';
import { FakeTwilio, TWILIO_ERRORS, type PostedCallback } from '../support/fake-twilio.js';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

let fake: FakeTwilio;
let app: TestApp;

beforeAll(async () => {
  fake = await new FakeTwilio().start();
  const port = await freePort();
  app = await startTestApp({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TELEPHONY_PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_FROM_NUMBER: '+14155550001',
    TWILIO_API_BASE_URL: fake.url,
    CALL_TIMEOUT_MS: '10000',
    TELEPHONY_BREAKER_FAILURES: '3',
    TELEPHONY_BREAKER_HALF_OPEN_AFTER_MS: '600000',
  });
}, 30_000);
afterAll(async () => {
  await app?.close();
  await fake?.close();
});

const runCampaign = async (phoneNumbers: string[], maxRetries = FAST_RETRIES.maxRetries): Promise<string> => {
  const created = await app.api('POST', '/campaigns', {
    body: {
      name: 'through twilio',
      phoneNumbers,
      schedule: ALWAYS_OPEN,
      // Fictional numbers dialed at any hour: the recipient's local hours are not what this tests.
      recipientHours: { start: '00:00', end: '24:00' },
      complianceRules: 'none',
      maxConcurrentCalls: 5,
      retryPolicy: { ...FAST_RETRIES, maxRetries },
    },
  });
  expect(created.status).toBe(201);
  expect((await app.api('POST', `/campaigns/${created.body.id}/start`)).status).toBe(200);
  return created.body.id as string;
};

const postedFor = (callSid: string, status: string): PostedCallback =>
  fake.callbacks.find((c) => c.params.CallSid === callSid && c.params.CallStatus === status)!;

describe('a campaign through TELEPHONY_PROVIDER=twilio against a fake Twilio', () => {
  let answeredSid = '';

  it('ends with exact stats: answered, busy, no-answer and an invalid number (21211)', async () => {
    const used = new Set<string>();
    const plan: Array<[MockBehaviour, number, string[]]> = [
      ['answered', 4, ['answered']],
      ['busyAlways', 3, ['busy', 'busy', 'busy']],
      ['noAnswerAlways', 3, ['no_answer', 'no_answer', 'no_answer']],
      ['rejected', 2, ['rejected']],
    ];
    const expected = new Map<string, string[]>();
    for (const [behaviour, count, history] of plan) for (const n of mockNumbers(behaviour, count, used)) expected.set(n, history);
    const id = await runCampaign([...expected.keys()]);

    await waitFor('the campaign to complete', async () => (await app.api('GET', `/campaigns/${id}`)).body.status === 'completed', 40_000, 100);
    await waitFor('the stats to settle', async () => (await app.api('GET', `/campaigns/${id}/stats`)).body.attempts === 24, 5_000, 50);
    expect((await app.api('GET', `/campaigns/${id}/stats`)).body).toEqual({
      total: 12, pending: 0, inProgress: 0, completed: 4, failed: 8, cancelled: 0, skipped: 0, retriesAttempted: 12, attempts: 24,
    });
    const log = await campaignLog(app.store, id);
    expect(new Map([...log.calls.values()].map((c) => [c.phoneNumber, log.outcomes.get(c.callId)]))).toEqual(expected);
    // Under Twilio's default of 1 call a second (TWILIO_MAX_CPS): each request took its token from
    // that budget, and no rolling second of the log holds two.
    const rates = log.events.filter((e) => e.type === 'CallAttempted').map((e) => (e.data as { rate?: unknown }).rate);
    expect(rates).toEqual(rates.map(() => ({ count: 1, windowMs: 1_000 })));
    expect((await verifyLog(app.store, { campaignIds: [id], options: { maxCallsPerSecond: 1 } })).violations).toEqual([]);

    // Every call Twilio created was asked for its statuses, and every signed status was accepted.
    expect(fake.calls).toHaveLength(4 + 9 + 9);
    expect(fake.callbacks.length).toBeGreaterThan(0);
    expect(fake.callbacks.filter((c) => c.status !== 200)).toEqual([]);
    const answered = [...log.calls.values()].find((c) => expected.get(c.phoneNumber)![0] === 'answered')!;
    const view = (await app.api('GET', `/calls/${answered.callId}`)).body;
    expect(view).toMatchObject({ status: 'completed', lastOutcome: 'answered' });
    answeredSid = fake.calls.find((c) => c.params.To === answered.phoneNumber)!.sid;
    expect(JSON.stringify(view)).toContain(answeredSid);
  }, 60_000);

  it('changes nothing for a forged, a tampered, a replayed or a late callback', async () => {
    const completed = postedFor(answeredSid, 'completed');
    const path = completed.url.slice(completed.url.indexOf('/api/v1') + '/api/v1'.length);
    const eventsBefore = await app.eventCount();
    const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
    const send = (params: Record<string, string>, signature: string) =>
      app.api('POST', path, { contentType: 'application/x-www-form-urlencoded', body: form(params), headers: { 'x-twilio-signature': signature } });

    const busy = { ...completed.params, CallStatus: 'busy' };
    const forged = await fake.post(completed.url, busy, 'a-token-that-is-not-the-account-s');
    expect(forged.status).toBe(403);
    expect((await send(busy, completed.signature)).status).toBe(403); // tampered: the genuine signature of other parameters
    expect((await send(completed.params, '')).status).toBe(403);

    const replayed = await send(completed.params, completed.signature);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual({ result: 'duplicate' });
    const late = await fake.post(completed.url, { ...completed.params, CallStatus: 'in-progress' });
    expect(late.status).toBe(200);
    expect(JSON.parse(late.body).result).not.toBe('recorded');

    expect(await app.eventCount()).toBe(eventsBefore);
  });

  it('opens the circuit after consecutive provider failures and reports it, still ready', async () => {
    fake.nextErrors.push(TWILIO_ERRORS.serverError, TWILIO_ERRORS.serverError, TWILIO_ERRORS.serverError);
    const id = await runCampaign(mockNumbers('answered', 3, new Set(['+12015550100', '+12015550101', '+12015550102', '+12015550103'])), 0);
    await waitFor('the campaign to end', async () => ['completed', 'failed'].includes((await app.api('GET', `/campaigns/${id}`)).body.status), 20_000, 100);
    const ready = await app.api('GET', '//health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toContainEqual({ name: 'provider', ok: true, circuit: 'open' });
    expect((await app.api('GET', '//metrics')).text).toContain('dialstream_telephony_circuit_state{state="open"} 1');
  }, 30_000);
});
