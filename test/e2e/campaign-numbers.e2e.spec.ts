import { randomUUID } from 'node:crypto';
import { useTestApp } from '../support/app.js';
import { createCampaign, eventTypes, fictional, manyNumbers } from './support/campaign-requests.js';

const app = useTestApp();

const addJson = (id: string, body: unknown) => app.api('POST', `/campaigns/${id}/numbers`, { body });
const addCsv = (id: string, csv: string) => app.api('POST', `/campaigns/${id}/numbers`, { body: csv, contentType: 'text/csv' });
const addedNumbers = async (id: string): Promise<string[]> =>
  (await app.store.readStream(`campaign-${id}`))
    .filter((e) => e.type === 'CampaignNumbersAdded')
    .flatMap((e) => (e.data.calls as Array<{ phoneNumber: string }>).map((c) => c.phoneNumber));

describe('POST /campaigns/:id/numbers (JSON)', () => {
  it('adds valid new numbers in E.164, counts duplicates, and reports each invalid value with a reason', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1)] });
    const response = await addJson(id, {
      phoneNumbers: [fictional(2), '+1 (415) 555-0103', 'call me', fictional(2), fictional(1), '4155550104', 42, '+999123', ''],
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      added: 2,
      duplicates: 2,
      invalid: [
        { value: 'call me', reason: 'not a phone number' },
        { value: '4155550104', reason: expect.stringContaining('E.164') },
        { value: 42, reason: 'must be a string' },
        { value: '+999123', reason: expect.any(String) },
        { value: '', reason: 'empty' },
      ],
    });
    expect(await addedNumbers(id)).toEqual([fictional(1), fictional(2), fictional(3)]);
    expect((await app.api('GET', `/campaigns/${id}/stats`)).body.total).toBe(3);
  });

  it('appends nothing when every number is already there', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1)] });
    const response = await addJson(id, { phoneNumbers: [fictional(1), '+1 415 555 0101'] });
    expect(response.body).toEqual({ added: 0, duplicates: 2, invalid: [] });
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated', 'CampaignNumbersAdded']);
  });

  it.each([
    ['phoneNumbers that is not an array', { phoneNumbers: '+14155550101' }, 'phoneNumbers'],
    ['a missing phoneNumbers', {}, 'phoneNumbers'],
    ['an unknown field', { phoneNumbers: [], campaignId: 'x' }, 'campaignId'],
    ['a body that is an array', [fictional(1)], 'body'],
  ])('rejects %s with 400 naming the field', async (_what, body, field) => {
    const { id } = await createCampaign(app);
    const response = await addJson(id, body);
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated']);
  });

  it('answers 415 for another content type, 404 for an unknown campaign and 409 for a cancelled one', async () => {
    const { id } = await createCampaign(app);
    const xml = await app.api('POST', `/campaigns/${id}/numbers`, { body: '<numbers/>', contentType: 'application/xml' });
    expect(xml.status).toBe(415);
    expect(xml.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    const before = await app.eventCount();
    expect((await addJson(randomUUID(), { phoneNumbers: [fictional(1)] })).status).toBe(404);
    expect(await app.eventCount()).toBe(before);
    await app.api('POST', `/campaigns/${id}/cancel`);
    expect((await addJson(id, { phoneNumbers: [fictional(1)] })).status).toBe(409);
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated', 'CampaignCancelled']);
  });
});

describe('POST /campaigns/:id/numbers (CSV)', () => {
  it('reads one number per line', async () => {
    const { id } = await createCampaign(app);
    const response = await addCsv(id, `${fictional(1)}\r\n${fictional(2)}\n\nnot a number\n${fictional(1)}\n`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ added: 2, duplicates: 1, invalid: [{ value: 'not a number', reason: 'not a phone number' }] });
    expect(await addedNumbers(id)).toEqual([fictional(1), fictional(2)]);
  });

  it.each(['phoneNumber', 'phone_number', 'Phone'])('reads the %s column of a CSV with a header row', async (header) => {
    const { id } = await createCampaign(app);
    const csv = `name,${header},note\n"Lovelace, Ada",${fictional(1)},vip\nGrace,"+1 415 555 0102",\nBob,nope,x\n`;
    const response = await addCsv(id, csv);
    expect(response.body).toEqual({ added: 2, duplicates: 0, invalid: [{ value: 'nope', reason: 'not a phone number' }] });
    expect(await addedNumbers(id)).toEqual([fictional(1), fictional(2)]);
  });

  it('rejects several columns without a phone header, or malformed CSV, with 400 and appends nothing', async () => {
    const { id } = await createCampaign(app);
    const headless = await addCsv(id, `Ada,${fictional(1)}\n`);
    expect(headless.status).toBe(400);
    expect(headless.body.details).toEqual([{ field: 'body', message: expect.stringContaining('phoneNumber') }]);
    const malformed = await addCsv(id, `phoneNumber\n"${fictional(1)}\n`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('malformed CSV');
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated']);
  });
});

describe('bulk imports', () => {
  it('imports 100,000 numbers in one request as ten events of 10,000, visible in the stats at once', async () => {
    const { id } = await createCampaign(app);
    const started = Date.now();
    const response = await addJson(id, { phoneNumbers: manyNumbers(100_000) });
    const elapsed = Date.now() - started;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ added: 100_000, duplicates: 0, invalid: [] });
    expect((await app.api('GET', `/campaigns/${id}/stats`)).body).toMatchObject({ total: 100_000, pending: 100_000 });
    const added = (await app.store.readStream(`campaign-${id}`)).filter((e) => e.type === 'CampaignNumbersAdded');
    expect(added.map((e) => (e.data.calls as unknown[]).length)).toEqual(Array(10).fill(10_000));
    console.log(`100,000 numbers (JSON): ${elapsed} ms until answered with the read models caught up`);
  }, 120_000);

  it('answers 413 naming the limit for 100,001 numbers, as JSON or CSV, and appends nothing', async () => {
    const { id } = await createCampaign(app);
    const json = await addJson(id, { phoneNumbers: manyNumbers(100_001) });
    expect(json.status).toBe(413);
    expect(json.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', details: { limit: 100_000 } });
    const csv = await addCsv(id, `phoneNumber\n${manyNumbers(100_001).join('\n')}\n`);
    expect(csv.status).toBe(413);
    expect(csv.body.message).toContain('100000');
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated']);
  }, 60_000);

  it('answers 413 in the error shape for a JSON body above the size limit', async () => {
    const { id } = await createCampaign(app);
    const response = await addJson(id, { phoneNumbers: Array(600_000).fill('+1 (415) 555-0101') });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', details: { limit: expect.any(Number) } });
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated']);
  });
});
