import { useTestApp } from '../support/app.js';
import { waitFor } from '../support/dialer-harness.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { createCampaign } from './support/campaign-requests.js';

const app = useTestApp({
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_INITIAL_DELAY_MS: '50',
  WEBHOOK_RETRY_MAX_DELAY_MS: '200',
  WEBHOOK_GIVE_UP_AFTER_MS: '1500',
  WEBHOOK_TIMEOUT_MS: '1000',
  TELEPHONY_MOCK_MIN_DURATION_MS: '20',
  TELEPHONY_MOCK_MAX_DURATION_MS: '100',
});

const ALWAYS_OPEN = { timezone: 'UTC', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' }] };
/** The test dials whatever the hour where the fictional numbers ring: no recipient-hour rules. */
const ANY_HOUR = { recipientHours: { start: '00:00', end: '24:00' }, complianceRules: 'none' };

/** Every sample of /metrics, by series (name and labels, as printed). */
const scrape = async (): Promise<Map<string, number>> => {
  const text = (await app.api<string>('GET', '//metrics')).text;
  const samples = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  return new Map(samples.map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]));
};
const sample = async (series: string): Promise<number> => (await scrape()).get(series) ?? 0;

const receivers: WebhookReceiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});
const receiver = async (answer: (index: number) => number): Promise<WebhookReceiver> => {
  const r = await new WebhookReceiver().start();
  r.answer = answer;
  receivers.push(r);
  return r;
};

describe('/metrics for integrations', () => {
  it('counts webhook POSTs by result with their duration, the delivery lag, and parked subscriptions', async () => {
    const success = 'dialstream_webhook_deliveries_total{result="success"}';
    const failure = 'dialstream_webhook_deliveries_total{result="failure"}';
    const timed = 'dialstream_webhook_delivery_duration_seconds_count{result="success"}';
    const lag = 'dialstream_webhook_delivery_lag_seconds_count';
    const parked = 'dialstream_webhook_parked_total';
    const before = await scrape();

    const flaky = await receiver((index) => (index < 2 ? 500 : 204));
    const dead = await receiver(() => 503);
    for (const r of [flaky, dead]) expect((await app.api('POST', '/webhooks', { body: { url: r.url, events: ['CampaignCreated'] } })).status).toBe(201);
    await createCampaign(app);

    await waitFor('the flaky receiver served', () => flaky.accepted.length === 1);
    await waitFor('the dead receiver parked', async () => (await sample(parked)) === (before.get(parked) ?? 0) + 1, 15_000);
    const after = await scrape();
    expect(after.get(success)! - (before.get(success) ?? 0)).toBe(1);
    expect(after.get(failure)! - (before.get(failure) ?? 0)).toBe(2 + dead.received.length);
    expect(after.get(timed)! - (before.get(timed) ?? 0)).toBe(1);
    expect(after.get(lag)! - (before.get(lag) ?? 0)).toBe(1);
    const buckets = [...after].filter(([series]) => series.startsWith('dialstream_webhook_delivery_duration_seconds_bucket'));
    expect(buckets.length).toBeGreaterThan(2);
  }, 30_000);

  it('counts the ended attempts of a running campaign by outcome, and drops the campaign once it stops running', async () => {
    const { id } = await createCampaign(app, {
      schedule: ALWAYS_OPEN,
      ...ANY_HOUR,
      // 0100–0101 answer, 0120–0121 are busy; the retry waits an hour, so the campaign keeps running.
      phoneNumbers: ['+14155550100', '+14155550101', '+14155550120', '+14155550121'],
      retryPolicy: { maxRetries: 1, initialDelayMs: 3_600_000, backoffMultiplier: 1, maxDelayMs: 3_600_000 },
    });
    const series = (outcome: string) => `dialstream_campaign_attempt_outcomes_total{campaign="${id}",outcome="${outcome}"}`;
    expect((await scrape()).has(series('answered'))).toBe(false);
    expect((await app.api('POST', `/campaigns/${id}/start`)).status).toBe(200);

    await waitFor('four attempts ended', async () => (await sample(series('answered'))) + (await sample(series('busy'))) === 4, 20_000);
    const counted = await scrape();
    expect([counted.get(series('answered')), counted.get(series('busy'))]).toEqual([2, 2]);
    for (const outcome of ['no_answer', 'rejected', 'timeout', 'error']) expect(counted.get(series(outcome))).toBe(0);
    expect(counted.get(`dialstream_campaign_numbers{campaign="${id}",status="retry_scheduled"}`)).toBe(2);

    expect((await app.api('POST', `/campaigns/${id}/pause`)).status).toBe(200);
    await waitFor('the paused campaign gone from /metrics', async () => ![...(await scrape()).keys()].some((s) => s.startsWith('dialstream_campaign_') && s.includes(id)));
  }, 40_000);
});
