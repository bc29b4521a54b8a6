import { verifyWebhookSignature } from '../../src/infrastructure/telephony/webhook-signature.js';
import { startTestApp, type TestApp, useTestApp } from '../support/app.js';
import { waitFor } from '../support/dialer-harness.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { createCampaign, fictional } from './support/campaign-requests.js';

const FAST_RETRIES = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_INITIAL_DELAY_MS: '50',
  WEBHOOK_RETRY_MAX_DELAY_MS: '200',
  WEBHOOK_GIVE_UP_AFTER_MS: '2000',
  WEBHOOK_TIMEOUT_MS: '1000',
};

const app = useTestApp(FAST_RETRIES);
const receivers: WebhookReceiver[] = [];

const receiver = async (): Promise<WebhookReceiver> => {
  const r = await new WebhookReceiver().start();
  receivers.push(r);
  return r;
};

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const subscribe = async (target: TestApp, url: string, events: string[] = ['*'], secret?: string) => {
  const response = await target.api('POST', '/webhooks', { body: { url, events, ...(secret ? { secret } : {}) } });
  expect(response.status).toBe(201);
  return response.body as { id: string; secret: string };
};

/** A campaign that is created, started and paused: four campaign events, never dialed (closed hours). */
const campaignActivity = async (target: TestApp): Promise<string> => {
  const { id } = await createCampaign(target, { phoneNumbers: [fictional(1), fictional(2)] });
  expect((await target.api('POST', `/campaigns/${id}/start`)).status).toBe(200);
  expect((await target.api('POST', `/campaigns/${id}/pause`)).status).toBe(200);
  return id;
};

const streamEventIds = async (target: TestApp, stream: string): Promise<string[]> => (await target.store.readStream(stream)).map((e) => e.id);

const deliveredIds = (r: WebhookReceiver, stream: string): string[] => r.accepted.filter((x) => x.body.stream === stream).map((x) => x.eventId);

describe('outbound webhooks', () => {
  it('delivers every event of the log in order, signed with the subscription secret', async () => {
    const r = await receiver();
    const { secret } = await subscribe(app, r.url);
    expect(secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const id = await campaignActivity(app);
    const expected = await streamEventIds(app, `campaign-${id}`);
    await waitFor('all events', () => deliveredIds(r, `campaign-${id}`).length >= expected.length);

    expect(deliveredIds(r, `campaign-${id}`)).toEqual(expected);
    const first = r.accepted.find((x) => x.body.stream === `campaign-${id}`)!;
    expect(first.body).toEqual({
      id: expected[0],
      type: 'CampaignCreated',
      stream: `campaign-${id}`,
      data: expect.objectContaining({ campaignId: id }),
      recordedAt: expect.any(String),
      globalPosition: expect.stringMatching(/^\d+\/\d+$/),
    });
    for (const x of r.received) expect(verifyWebhookSignature(secret, x.signature, x.rawBody, Date.now())).toEqual({ ok: true, timestampSeconds: expect.any(Number) });
    expect(verifyWebhookSignature('another-secret-entirely', first.signature, first.rawBody, Date.now()).ok).toBe(false);
    // The dialer's own bookkeeping streams are not part of the contract.
    expect(r.received.filter((x) => x.body.stream.startsWith('dialer-'))).toEqual([]);
  });

  it('delivers only the named event types, with the caller’s secret', async () => {
    const r = await receiver();
    const secret = 'a-caller-chosen-secret-0123';
    const created = await subscribe(app, r.url, ['CampaignStarted', 'CampaignPaused'], secret);
    expect(created.secret).toBe(secret);
    const id = await campaignActivity(app);
    await waitFor('two events', () => deliveredIds(r, `campaign-${id}`).length >= 2);
    const view = await app.api('GET', `/webhooks/${created.id}`);
    await waitFor('checkpoint at head', async () => (await app.api('GET', `/webhooks/${created.id}`)).body.backlog.events === 0);
    expect(r.accepted.filter((x) => x.body.stream === `campaign-${id}`).map((x) => x.body.type)).toEqual(['CampaignStarted', 'CampaignPaused']);
    expect(view.body).not.toHaveProperty('secret');
    const list = await app.api('GET', '/webhooks');
    expect(list.body.items.map((w: { id: string }) => w.id)).toContain(created.id);
    expect(list.body.items.every((w: object) => !('secret' in w))).toBe(true);
  });

  it('retries a receiver that fails for a while: it gets everything once it recovers, duplicates with the same event id', async () => {
    const r = await receiver();
    r.answer = (i) => (i < 3 ? 500 : 200);
    const { id: hook } = await subscribe(app, r.url);
    const id = await campaignActivity(app);
    const expected = await streamEventIds(app, `campaign-${id}`);
    await waitFor('all events', () => deliveredIds(r, `campaign-${id}`).length >= expected.length);

    expect(deliveredIds(r, `campaign-${id}`)).toEqual(expected);
    const failedIds = r.received.slice(0, 3).map((x) => x.eventId);
    expect(new Set(failedIds)).toEqual(new Set([r.received[3]!.eventId]));
    const view = (await app.api('GET', `/webhooks/${hook}`)).body;
    expect(view).toMatchObject({ status: 'active', failures: 0, lastError: expect.stringContaining('HTTP 500'), parkedAt: null });
    expect(view.lastSuccessAt).not.toBeNull();
  });

  it('parks a subscription whose receiver keeps failing past the retry window, shows it, and resumes it', async () => {
    const r = await receiver();
    r.answer = () => 503;
    const { id: hook } = await subscribe(app, r.url, ['CampaignCreated']);
    const { id } = await createCampaign(app);
    await waitFor('parked', async () => (await app.api('GET', `/webhooks/${hook}`)).body.status === 'parked', 10_000);
    const parked = (await app.api('GET', `/webhooks/${hook}`)).body;
    expect(parked).toMatchObject({ lastError: expect.stringContaining('503'), nextRetryAt: null, backlog: { events: 1, atLeast: false } });
    expect(parked.failures).toBeGreaterThan(1);
    const triesWhenParked = r.received.length;

    r.answer = () => 200;
    const resumed = await app.api('POST', `/webhooks/${hook}/resume`);
    expect(resumed.status).toBe(200);
    await waitFor('delivered after resume', () => deliveredIds(r, `campaign-${id}`).length === 1);
    expect(r.received.length).toBe(triesWhenParked + 1);
    // The checkpoint moves just after the receiver's 2xx, so the backlog empties a moment after delivery.
    await waitFor('backlog empty after resume', async () => (await app.api('GET', `/webhooks/${hook}`)).body.backlog.events === 0);
    expect((await app.api('GET', `/webhooks/${hook}`)).body).toMatchObject({ status: 'active', parkedAt: null, backlog: { events: 0 } });
  });

  it('a receiver that never answers delays no other subscription', async () => {
    const stuck = await receiver();
    stuck.answer = () => 'hang';
    const healthy = await receiver();
    await subscribe(app, stuck.url);
    await subscribe(app, healthy.url);
    const id = await campaignActivity(app);
    const expected = await streamEventIds(app, `campaign-${id}`);
    await waitFor('healthy got everything', () => deliveredIds(healthy, `campaign-${id}`).length >= expected.length);
    expect(deliveredIds(stuck, `campaign-${id}`)).toEqual([]);
  });

  it('stops delivering once deleted; 404 afterwards', async () => {
    const r = await receiver();
    const { id: hook } = await subscribe(app, r.url);
    expect((await app.api('DELETE', `/webhooks/${hook}`)).status).toBe(204);
    const id = await campaignActivity(app);
    const probe = await receiver();
    await subscribe(app, probe.url);
    await createCampaign(app);
    await waitFor('a later subscription got an event', () => probe.accepted.length > 0);
    expect(deliveredIds(r, `campaign-${id}`)).toEqual([]);
    expect((await app.api('GET', `/webhooks/${hook}`)).status).toBe(404);
    expect((await app.api('DELETE', `/webhooks/${hook}`)).status).toBe(404);
  });

  it('names the bad field and stores nothing', async () => {
    const before = (await app.api('GET', '/webhooks?limit=500')).body.items.length;
    for (const body of [
      { url: 'ftp://example.com/x', events: ['*'] },
      { url: 'https://example.com/x', events: [] },
      { url: 'https://example.com/x', events: ['not an event'] },
      { url: 'https://example.com/x', events: ['*'], secret: 'short' },
    ]) {
      const response = await app.api('POST', '/webhooks', { body });
      expect(response.status).toBe(400);
      expect(response.text).toMatch(/url|events|secret/);
    }
    expect((await app.api('GET', '/webhooks?limit=500')).body.items.length).toBe(before);
  });
});

describe('outbound webhooks across a restart', () => {
  it('loses nothing when the service stops mid-delivery: the in-flight event is delivered again with the same id', async () => {
    const r = await receiver();
    r.answer = (i) => (i === 0 ? 'hang' : 200);
    const first = await startTestApp({ ...FAST_RETRIES, WEBHOOK_TIMEOUT_MS: '60000' });
    let second: TestApp | undefined;
    try {
      await subscribe(first, r.url);
      const id = await campaignActivity(first);
      const expected = await streamEventIds(first, `campaign-${id}`);
      await waitFor('first delivery in flight', () => r.received.length === 1);
      await first.running.close();
      second = await startTestApp(FAST_RETRIES, { db: first.db });
      await waitFor('all events after restart', () => deliveredIds(r, `campaign-${id}`).length >= expected.length);
      expect(deliveredIds(r, `campaign-${id}`)).toEqual(expected);
      expect(r.received[1]!.eventId).toBe(r.received[0]!.eventId);
    } finally {
      await second?.close();
      await first.db.drop();
    }
  }, 60_000);
});

describe('webhook targets (SSRF)', () => {
  const guarded = useTestApp();

  it.each(['http://127.0.0.1:9/hook', 'http://localhost:9/hook', 'http://10.0.0.7/hook', 'http://169.254.169.254/latest', 'http://[::1]:9/hook'])(
    'refuses %s unless WEBHOOK_ALLOW_PRIVATE=true, storing nothing',
    async (url) => {
      const response = await guarded.api('POST', '/webhooks', { body: { url, events: ['*'] } });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'url', message: expect.stringContaining('WEBHOOK_ALLOW_PRIVATE') })]);
      expect((await guarded.api('GET', '/webhooks')).body.items).toEqual([]);
    },
  );
});
