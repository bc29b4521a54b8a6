import { randomUUID } from 'node:crypto';
import { useTestApp } from '../support/app.js';
import { createBody, createCampaign, eventTypes, fictional, manyNumbers } from './support/campaign-requests.js';

const app = useTestApp();

const addJson = (id: string, body: unknown) => app.api('POST', `/campaigns/${id}/numbers`, { body });
const addCsv = (id: string, csv: string) => app.api('POST', `/campaigns/${id}/numbers`, { body: csv, contentType: 'text/csv' });
const addedCalls = async (id: string): Promise<unknown[]> =>
  (await app.store.readStream(`campaign-${id}`)).filter((e) => e.type === 'CampaignNumbersAdded').flatMap((e) => e.data.calls as unknown[]);

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
    expect(response.body).toEqual({
      added: 2,
      duplicates: 0,
      invalid: [{ value: { phoneNumber: 'nope', name: 'Bob', variables: { note: 'x' } }, reason: 'phoneNumber: not a phone number' }],
    });
    expect(await addedNumbers(id)).toEqual([fictional(1), fictional(2)]);
  });

  it('keeps timezone, zip and name columns as contact fields and every other column as a variable', async () => {
    const { id } = await createCampaign(app);
    const csv = `Phone,Name,TimeZone,zip,policy,renewal_date\n${fictional(1)},"Lovelace, Ada",America/Chicago,60601-1234,R-1,2026-12-01\n${fictional(2)},,,,R-2,\n`;
    const response = await addCsv(id, csv);
    expect(response.body).toEqual({ added: 2, duplicates: 0, invalid: [] });
    expect(await addedCalls(id)).toEqual([
      { callId: expect.any(String), phoneNumber: fictional(1), name: 'Lovelace, Ada', timezone: 'America/Chicago', zip: '60601-1234', variables: { policy: 'R-1', renewal_date: '2026-12-01' } },
      { callId: expect.any(String), phoneNumber: fictional(2), variables: { policy: 'R-2' } },
    ]);
  });

  it('reports a row whose timezone or zip is invalid, and refuses a column that cannot name a variable', async () => {
    const { id } = await createCampaign(app);
    const rows = await addCsv(id, `phone,timezone,zip\n${fictional(1)},+03:00,\n${fictional(2)},,1234\n${fictional(3)},Europe/Paris,\n`);
    expect(rows.body).toEqual({
      added: 1,
      duplicates: 0,
      invalid: [
        { value: { phoneNumber: fictional(1), timezone: '+03:00' }, reason: expect.stringContaining('timezone') },
        { value: { phoneNumber: fictional(2), zip: '1234' }, reason: expect.stringContaining('zip') },
      ],
    });
    const header = await addCsv(id, `phone,First Name\n${fictional(4)},Ada\n`);
    expect(header.status).toBe(400);
    expect(header.body.details).toEqual([{ field: 'body', message: expect.stringContaining('"First Name"') }]);
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

describe('numbers as objects (JSON)', () => {
  const ada = { phoneNumber: '+1 415 555 0101', name: 'Ada Lovelace', timezone: 'America/Los_Angeles', zip: '94105', variables: { policy: 'R-1042' } };

  it('creates a campaign with contact fields carried on its numbers', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(0), ada] });
    expect(await addedCalls(id)).toEqual([
      { callId: expect.any(String), phoneNumber: fictional(0) },
      { callId: expect.any(String), ...ada, phoneNumber: fictional(1) },
    ]);
    const calls = (await app.api('GET', `/campaigns/${id}/calls`)).body.items;
    const { phoneNumber: _number, ...contact } = ada;
    expect(calls.map((c: { phoneNumber: string; contact: unknown }) => [c.phoneNumber, c.contact])).toEqual([
      [fictional(0), null],
      [fictional(1), contact],
    ]);
    expect((await app.api('GET', `/calls/${calls[1].id}`)).body).toMatchObject({ phoneNumber: fictional(1), contact });
  });

  it('rejects a create whose number object is invalid, naming the element, storing nothing', async () => {
    for (const bad of [
      { ...ada, timezone: '+03:00' },
      { ...ada, zip: 'ABCDE' },
      { ...ada, variables: { nested: { no: 'objects' } } },
      { ...ada, variables: { 'not a key': 'x' } },
      { ...ada, extra: 1 },
      { name: 'no number' },
    ]) {
      const response = await app.api('POST', '/campaigns', { body: createBody({ phoneNumbers: [bad] }) });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'phoneNumbers[0]', message: expect.any(String) }]);
    }
  });

  it('adds number objects, reporting each bad one', async () => {
    const { id } = await createCampaign(app);
    const response = await app.api('POST', `/campaigns/${id}/numbers`, {
      body: { phoneNumbers: [ada, { phoneNumber: fictional(2), timezone: 'Mars/Olympus' }, { ...ada, name: 'repeat' }] },
    });
    expect(response.body).toEqual({
      added: 1,
      duplicates: 1,
      invalid: [{ value: { phoneNumber: fictional(2), timezone: 'Mars/Olympus' }, reason: expect.stringContaining('timezone') }],
    });
    expect(await addedCalls(id)).toEqual([{ callId: expect.any(String), ...ada, phoneNumber: fictional(1) }]);
  });
});
