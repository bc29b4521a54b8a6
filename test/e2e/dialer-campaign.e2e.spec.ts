import { nextOpeningAfter } from '../../src/domain/calendar/calendar.js';
import type { Schedule } from '../../src/domain/calendar/schedule.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { ALWAYS_OPEN, ANY_HOUR, sleep, waitFor } from '../support/dialer-harness.js';
import { campaignLog } from '../support/dialer-log.js';
import { mockNumbers, type MockBehaviour } from '../support/dialer-numbers.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    TELEPHONY_MOCK_MIN_DURATION_MS: '20',
    TELEPHONY_MOCK_MAX_DURATION_MS: '100',
    TELEPHONY_MOCK_FAILURE_RATE: '0',
    // Long enough that no callback is late on a loaded CI machine: the stats must be exact.
    CALL_TIMEOUT_MS: '2000',
  });
}, 30_000);
afterAll(async () => {
  await app?.close();
});

const createAndStart = async (body: Record<string, unknown>): Promise<string> => {
  const created = await app.api('POST', '/campaigns', { body });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await app.api('POST', `/campaigns/${id}/start`)).status).toBe(200);
  return id;
};

describe('a campaign dialed end to end through the mock provider and its signed webhooks', () => {
  it('ends with exact stats and each call’s outcome history', async () => {
    const used = new Set<string>();
    const plan: Array<[MockBehaviour, number, string[]]> = [
      ['answered', 40, ['answered']],
      ['busyAlways', 10, ['busy', 'busy', 'busy']],
      ['busyThenAnswered', 10, ['busy', 'answered']],
      ['lostCallback', 5, ['timeout', 'timeout', 'timeout']],
      ['rejected', 5, ['rejected']],
    ];
    const expected = new Map<string, string[]>();
    for (const [behaviour, count, history] of plan) for (const number of mockNumbers(behaviour, count, used)) expected.set(number, history);
    const id = await createAndStart({
      name: 'deterministic numbers',
      phoneNumbers: [...expected.keys()].sort(() => Math.random() - 0.5),
      schedule: ALWAYS_OPEN,
      ...ANY_HOUR,
      maxConcurrentCalls: 20,
      retryPolicy: { maxRetries: 2, initialDelayMs: 50, backoffMultiplier: 1, maxDelayMs: 50 },
    });

    await waitFor('the campaign to complete', async () => (await app.api('GET', `/campaigns/${id}`)).body.status === 'completed', 30_000, 100);
    // The read models follow the log: the stats may trail the campaign's status on a busy machine.
    await waitFor('the stats to settle', async () => (await app.api('GET', `/campaigns/${id}/stats`)).body.attempts === 110, 20_000, 50);
    expect((await app.api('GET', `/campaigns/${id}/stats`)).body).toEqual({
      total: 70, pending: 0, inProgress: 0, completed: 50, failed: 20, cancelled: 0, skipped: 0, retriesAttempted: 40, attempts: 110,
    });

    const log = await campaignLog(app.store, id);
    expect(log.maxInFlight).toBeLessThanOrEqual(20);
    expect(log.duplicateAttempts).toEqual([]);
    const histories = new Map([...log.calls.values()].map((c) => [c.phoneNumber, log.outcomes.get(c.callId)]));
    expect(histories).toEqual(expected);

    const busy = [...log.calls.values()].find((c) => expected.get(c.phoneNumber)!.length === 2)!;
    const view = (await app.api('GET', `/calls/${busy.callId}`)).body;
    expect(view).toMatchObject({ status: 'completed', lastOutcome: 'answered' });
    expect(view.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['busy', 'answered']);

    const metrics = (await app.api('GET', '//metrics')).text;
    expect(Number(/^dialstream_dialer_dials_started_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(110);
    expect(Number(/^dialstream_dialer_slot_refill_seconds_count (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  }, 60_000);

  it('makes no attempt while the window is closed and reports nextWindowOpensAt', async () => {
    // A daily window two to three hours from now: closed now, whatever the time of day.
    const hhmm = (offsetHours: number) => new Date(Date.now() + offsetHours * 3_600_000).toISOString().slice(11, 16);
    const schedule: Schedule = {
      timezone: 'Asia/Kathmandu',
      windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: hhmm(2 + 5.75), end: hhmm(3 + 5.75) }],
      blackoutDates: [],
    };
    const id = await createAndStart({ name: 'closed now', phoneNumbers: mockNumbers('answered', 3), schedule, maxConcurrentCalls: 2 });
    await sleep(1_500);
    expect((await campaignLog(app.store, id)).events.filter((e) => e.type === 'CallAttempted')).toEqual([]);
    const view = (await app.api('GET', `/campaigns/${id}`)).body;
    expect(view.status).toBe('in_progress');
    expect(view.nextWindowOpensAt).toBe(nextOpeningAfter(schedule, new Date())!.toISOString());
    expect(Date.parse(view.nextWindowOpensAt) - Date.now()).toBeGreaterThan(60 * 60_000);
  }, 20_000);
});
