import { handleCallCommand } from '../../src/application/command-handling/domain-handlers.js';
import { useTestApp } from '../support/app.js';
import { waitFor } from '../support/dialer-harness.js';
import { createBody, createCampaign, eventTypes, fictional } from './support/campaign-requests.js';
import { context } from './support/webhook-requests.js';

const app = useTestApp();

const fields = (body: { details?: Array<{ field: string }> }) => (body.details ?? []).map((d) => d.field);
const NOBODY_WAITS = { campaign_hours: 0, recipient_hours: 0, frequency_cap: 0, global_cap: 0, rate_limit: 0, retry_delay: 0 };

describe('campaign compliance fields (recipientHours, complianceRules, subject, weight)', () => {
  it('fills the defaults on create, records them on CampaignCreated, and shows them with nobody waiting yet', async () => {
    const created = await createCampaign(app, { phoneNumbers: [fictional(1)] });
    const defaults = { recipientHours: { start: '08:00', end: '21:00' }, complianceRules: 'builtin', subject: created.id, weight: 1 };
    expect(created).toMatchObject({ ...defaults, waiting: NOBODY_WAITS });
    const [event] = await app.store.readStream(`campaign-${created.id}`);
    expect(event!.data).toMatchObject(defaults);
    expect((await app.api('GET', `/campaigns/${created.id}`)).body).toMatchObject(defaults);
  });

  it('keeps what the client sent, null recipient hours (none of its own) and 24:00 included', async () => {
    const sent = { recipientHours: { start: '09:00', end: '24:00' }, complianceRules: 'none', subject: 'renewals', weight: 100 };
    expect(await createCampaign(app, sent)).toMatchObject(sent);
    const unlimited = await createCampaign(app, { recipientHours: null });
    expect(unlimited).toMatchObject({ recipientHours: null, complianceRules: 'builtin' });
    expect((await app.api('GET', '/campaigns?limit=500')).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: unlimited.id, recipientHours: null })]));
  });

  it.each([
    ['recipient hours that are not an object', { recipientHours: '08:00-21:00' }, 'recipientHours'],
    ['recipient hours without an end', { recipientHours: { start: '08:00' } }, 'recipientHours.end'],
    ['an unknown field in the recipient hours', { recipientHours: { start: '08:00', end: '21:00', zone: 'UTC' } }, 'recipientHours.zone'],
    ['a malformed start', { recipientHours: { start: '8am', end: '21:00' } }, 'recipientHours.start'],
    ['an end before the start', { recipientHours: { start: '21:00', end: '08:00' } }, 'recipientHours.end'],
    ['an end past 24:00', { recipientHours: { start: '08:00', end: '24:30' } }, 'recipientHours.end'],
    ['unknown compliance rules', { complianceRules: 'strict' }, 'complianceRules'],
    ['null compliance rules', { complianceRules: null }, 'complianceRules'],
    ['a blank subject', { subject: '  ' }, 'subject'],
    ['a subject of 201 characters', { subject: 'x'.repeat(201) }, 'subject'],
    ['a weight of 0', { weight: 0 }, 'weight'],
    ['a weight above 100', { weight: 101 }, 'weight'],
    ['a fractional weight', { weight: 1.5 }, 'weight'],
  ])('rejects %s with 400 naming the field, storing nothing', async (_what, overrides, field) => {
    const before = await app.eventCount();
    const response = await app.api('POST', '/campaigns', { body: createBody(overrides) });
    expect(response.status).toBe(400);
    expect(fields(response.body)).toContain(field);
    expect(await app.eventCount()).toBe(before);
  });

  it('changes them by PATCH, recording only what changed; null lifts the recipient hours', async () => {
    const { id } = await createCampaign(app);
    const patched = await app.api('PATCH', `/campaigns/${id}`, { body: { recipientHours: { start: '10:00', end: '18:00' }, subject: 'renewals', weight: 1 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ recipientHours: { start: '10:00', end: '18:00' }, complianceRules: 'builtin', subject: 'renewals', weight: 1 });
    const lifted = await app.api('PATCH', `/campaigns/${id}`, { body: { recipientHours: null, complianceRules: 'none' } });
    expect(lifted.body).toMatchObject({ recipientHours: null, complianceRules: 'none', subject: 'renewals' });
    const updates = (await app.store.readStream(`campaign-${id}`)).slice(1).map((e) => e.data);
    expect(updates).toEqual([
      { recipientHours: { start: '10:00', end: '18:00' }, subject: 'renewals' },
      { recipientHours: null, complianceRules: 'none' },
    ]);
  });

  it('rejects a bad PATCH with 400 naming the field, appending nothing', async () => {
    const { id } = await createCampaign(app);
    for (const [body, field] of [
      [{ weight: 0 }, 'weight'],
      [{ recipientHours: { start: '12:00', end: '12:00' } }, 'recipientHours.end'],
      [{ complianceRules: 'federal' }, 'complianceRules'],
    ] as const) {
      const response = await app.api('PATCH', `/campaigns/${id}`, { body });
      expect(response.status).toBe(400);
      expect(fields(response.body)).toContain(field);
    }
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated']);
  });

  it('counts calls waiting for the campaign window while it is closed; a view as of earlier has no counts', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(2), fictional(3)] });
    const createdAt = new Date().toISOString();
    expect((await app.api('POST', `/campaigns/${id}/start`)).status).toBe(200);
    // The test schedule never opens while the test runs (see closedSchedule).
    await waitFor('both calls counted as waiting for campaign hours', async () =>
      (await app.api('GET', `/campaigns/${id}`)).body.waiting?.campaign_hours === 2,
    );
    expect((await app.api('GET', `/campaigns/${id}`)).body.waiting).toEqual({ ...NOBODY_WAITS, campaign_hours: 2 });
    const then = await app.api('GET', `/campaigns/${id}?asOf=${createdAt}`);
    expect(then.body).toMatchObject({ status: 'pending', waiting: null, recipientHours: { start: '08:00', end: '21:00' } });
  });

  it('shows a call skipped for do-not-call with its reason, in the call view, the filtered list and the stats', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(4), fictional(5)] });
    const calls = (await app.api('GET', `/campaigns/${id}/calls`)).body.items as Array<{ id: string; phoneNumber: string }>;
    const [listed] = calls;
    // As the dialer does for a listed number never attempted: the call stream opens with the skip.
    await handleCallCommand(app.store, { type: 'ScheduleCall', callId: listed!.id, campaignId: id, phoneNumber: listed!.phoneNumber }, context());
    await handleCallCommand(app.store, { type: 'SkipCall', callId: listed!.id, attempt: 1, reason: 'dnc' }, context());
    await waitFor('the skip in the stats', async () => (await app.api('GET', `/campaigns/${id}/stats`)).body.skipped === 1);
    expect((await app.api('GET', `/campaigns/${id}/stats`)).body).toMatchObject({ total: 2, pending: 1, skipped: 1, cancelled: 0 });
    await waitFor('the skip in the call view', async () => (await app.api('GET', `/calls/${listed!.id}`)).body.status === 'skipped');
    expect((await app.api('GET', `/calls/${listed!.id}`)).body).toMatchObject({ status: 'skipped', skipReason: 'dnc', waitingFor: null, nextAttemptAt: null });
    const skipped = await app.api('GET', `/campaigns/${id}/calls?status=skipped`);
    expect(skipped.body.items.map((c: { id: string }) => c.id)).toEqual([listed!.id]);
    expect((await app.api('GET', `/calls/${calls[1]!.id}`)).body).toMatchObject({ status: 'pending', skipReason: null, waitingFor: null });
  });
});
