import { randomUUID } from 'node:crypto';
import { handleCallCommand } from '../../src/application/command-handling/domain-handlers.js';
import { useTestApp } from '../support/app.js';
import { waitFor } from '../support/dialer-harness.js';
import { createCampaign, eventTypes, fictional } from './support/campaign-requests.js';
import { callEventTypes, context } from './support/webhook-requests.js';

// Some tests play the dialer's steps by hand (an attempt started at any hour), so the log is not a dialer's to verify.
const app = useTestApp({}, { verify: false });

/** Retries far in the future: a call waiting for one stays `retry_scheduled` while the test looks. */
const LATE_RETRY = { maxRetries: 2, initialDelayMs: 3_600_000, backoffMultiplier: 1, maxDelayMs: 3_600_000 };

const remove = (id: string, phoneNumber: string) => app.api('DELETE', `/campaigns/${id}/numbers/${phoneNumber}`);
const stats = async (id: string) => (await app.api('GET', `/campaigns/${id}/stats`)).body;
const callIdOf = async (id: string, phoneNumber: string): Promise<string> => {
  const added = (await app.store.readStream(`campaign-${id}`)).filter((e) => e.type === 'CampaignNumbersAdded');
  return added.flatMap((e) => e.data.calls as Array<{ callId: string; phoneNumber: string }>).find((c) => c.phoneNumber === phoneNumber)!.callId;
};
const callStatus = async (id: string, callId: string) =>
  ((await app.api('GET', `/campaigns/${id}/calls`)).body.items as Array<{ id: string; status: string }>).find((c) => c.id === callId)!.status;

/** The dialer's own steps, on the call stream: a campaign call whose first attempt is in flight. */
const dialFirstAttempt = async (campaignId: string, callId: string, phoneNumber: string) => {
  await handleCallCommand(app.store, { type: 'ScheduleCall', callId, campaignId, phoneNumber }, context());
  await handleCallCommand(app.store, { type: 'StartAttempt', callId, attempt: 1, now: new Date().toISOString() }, context());
};
const recordOutcome = (callId: string, outcome: 'busy' | 'answered') =>
  handleCallCommand(
    app.store,
    { type: 'RecordOutcome', callId, attempt: 1, outcome, providerCallId: `p-${callId}`, retryPolicy: LATE_RETRY, now: new Date().toISOString() },
    context(),
  );

describe('DELETE /campaigns/:id/numbers/:phoneNumber', () => {
  it('cancels a number never dialed: 204 with the ETag, the call opened cancelled, stats that add up', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1), fictional(2)] });
    const callId = await callIdOf(id, fictional(1));
    const response = await remove(id, encodeURIComponent(fictional(1)));
    expect(response.status).toBe(204);
    expect(response.headers.get('etag')).toBe('"2"');
    const removal = (await app.store.readStream(`campaign-${id}`)).at(-1)!;
    expect(removal).toMatchObject({ type: 'CampaignNumberRemoved', data: { callId, phoneNumber: fictional(1) } });
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallCancelled']);
    expect(await stats(id)).toMatchObject({ total: 2, pending: 1, cancelled: 1, completed: 0, failed: 0, inProgress: 0 });
    expect(await callStatus(id, callId)).toBe('cancelled');
    const asOf = (await app.api('GET', `/campaigns/${id}?asOf=${new Date().toISOString()}`)).body;
    expect(asOf.stats).toMatchObject({ total: 2, pending: 1, cancelled: 1 });
  });

  it('takes a raw + or a formatted number, and is a no-op the second time', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1), fictional(2)] });
    expect((await remove(id, fictional(2))).status).toBe(204);
    const before = await app.eventCount();
    expect((await remove(id, encodeURIComponent('+1 (415) 555-0102'))).status).toBe(204);
    expect(await app.eventCount()).toBe(before);
    expect(await stats(id)).toMatchObject({ total: 2, pending: 1, cancelled: 1 });
  });

  it('answers 404 for an unknown number or campaign, 400 for a value that is no phone number, appending nothing', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1)] });
    const before = await app.eventCount();
    const unknownNumber = await remove(id, encodeURIComponent(fictional(9)));
    expect(unknownNumber.status).toBe(404);
    expect(unknownNumber.body.message).toContain('not in campaign');
    expect((await remove(randomUUID(), encodeURIComponent(fictional(1)))).status).toBe(404);
    const bad = await remove(id, 'call-me');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('phoneNumber');
    expect(await app.eventCount()).toBe(before);
  });

  it('answers 409 once the campaign has ended, and 404 once it is deleted', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1)] });
    await app.api('POST', `/campaigns/${id}/cancel`);
    const ended = await remove(id, encodeURIComponent(fictional(1)));
    expect(ended.status).toBe(409);
    expect(ended.body.message).toContain('cancelled');
    await app.api('DELETE', `/campaigns/${id}`);
    expect((await remove(id, encodeURIComponent(fictional(1)))).status).toBe(404);
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated', 'CampaignNumbersAdded', 'CampaignCancelled', 'CampaignDeleted']);
  });

  it('cancels a call waiting for its retry', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1), fictional(2)], retryPolicy: LATE_RETRY });
    await app.api('POST', `/campaigns/${id}/start`);
    const callId = await callIdOf(id, fictional(1));
    await dialFirstAttempt(id, callId, fictional(1));
    await recordOutcome(callId, 'busy');
    await waitFor('the retry in the stats', async () => (await stats(id)).attempts === 1);
    expect((await remove(id, encodeURIComponent(fictional(1)))).status).toBe(204);
    expect((await callEventTypes(app, callId)).at(-1)).toBe('CallCancelled');
    await waitFor('the call cancelled in the stats', async () => (await stats(id)).cancelled === 1);
    expect(await stats(id)).toMatchObject({ total: 2, pending: 1, cancelled: 1, inProgress: 0, attempts: 1 });
    const call = (await app.api('GET', `/calls/${callId}`)).body;
    expect(call).toMatchObject({ status: 'cancelled', lastOutcome: 'busy', nextAttemptAt: null });
  });

  it('lets a call in flight finish with its outcome', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1), fictional(2)], retryPolicy: LATE_RETRY });
    await app.api('POST', `/campaigns/${id}/start`);
    const callId = await callIdOf(id, fictional(1));
    await dialFirstAttempt(id, callId, fictional(1));
    expect((await remove(id, encodeURIComponent(fictional(1)))).status).toBe(204);
    expect(await callEventTypes(app, callId)).toEqual(['CallScheduled', 'CallAttempted']);
    expect(await stats(id)).toMatchObject({ total: 2, pending: 1, inProgress: 1, cancelled: 0 });
    await recordOutcome(callId, 'answered');
    await waitFor('the answer in the stats', async () => (await stats(id)).completed === 1);
    expect(await stats(id)).toMatchObject({ total: 2, pending: 1, inProgress: 0, completed: 1, cancelled: 0 });
  });

  it('keeps the removed number in the export, cancelled, and counts adding it again as a duplicate', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1), fictional(2)] });
    await remove(id, encodeURIComponent(fictional(1)));
    const csv = await app.api('GET', `/campaigns/${id}/calls`, { headers: { accept: 'text/csv' } });
    expect(csv.text.split('\n')[1]).toMatch(new RegExp(`^\\${fictional(1)},.*,cancelled,`));
    const again = await app.api('POST', `/campaigns/${id}/numbers`, { body: { phoneNumbers: [fictional(1)] } });
    expect(again.body).toEqual({ added: 0, duplicates: 1, invalid: [] });
  });
});
