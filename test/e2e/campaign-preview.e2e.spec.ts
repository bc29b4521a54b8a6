import { useTestApp } from '../support/app.js';
import { fictional } from './support/campaign-requests.js';

const app = useTestApp();

describe('POST /campaigns/preview: what a launch would do with these numbers, storing nothing', () => {
  it('counts valid, duplicate, invalid and do-not-call numbers, and who may be dialed now, by zone', async () => {
    expect((await app.api('POST', '/dnc', { body: { phoneNumbers: [fictional(3)], reason: 'asked' } })).status).toBe(200);
    const events = await app.eventCount();
    const body = { phoneNumbers: [fictional(1), fictional(2), fictional(1), fictional(3), 'not a number', { phoneNumber: '+442071838750' }] };

    const always = await app.api('POST', '/campaigns/preview?recipientHoursStart=00:00&recipientHoursEnd=24:00&complianceRules=none', { body });
    expect(always.status).toBe(200);
    expect(always.body).toMatchObject({ total: 6, valid: 4, duplicates: 1, invalid: 1, doNotCall: 1, dialableNow: 3, waiting: 0 });
    expect(always.body.invalidSamples).toEqual([{ value: 'not a number', reason: expect.any(String) }]);
    expect(always.body.byZone).toEqual(
      expect.arrayContaining([
        { zones: 'America/Los_Angeles', numbers: 2, dialableNow: 2, nextOpenAt: null },
        { zones: 'Europe/London', numbers: 1, dialableNow: 1, nextOpenAt: null },
      ]),
    );
    expect(await app.eventCount()).toBe(events);
  });

  it('says when numbers outside their hours open, and reads CSV with a timezone column', async () => {
    const hour = new Date().getUTCHours();
    const closed = `${String((hour + 2) % 24).padStart(2, '0')}:00`;
    const end = `${String((hour + 3) % 24).padStart(2, '0')}:00`;
    const csv = `phoneNumber,timezone\n${fictional(10)},Atlantic/Reykjavik\n${fictional(11)},Atlantic/Reykjavik\n${fictional(12)},UTC\n`;
    const answer = await app.api('POST', `/campaigns/preview?recipientHoursStart=${closed}&recipientHoursEnd=${end}&complianceRules=none`, {
      body: csv,
      contentType: 'text/csv',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ valid: 2, invalid: 1, dialableNow: 0, waiting: 2 });
    expect(answer.body.byZone).toHaveLength(1);
    expect(answer.body.byZone[0]).toMatchObject({ zones: 'Atlantic/Reykjavik', numbers: 2, dialableNow: 0 });
    const opens = Date.parse(answer.body.byZone[0].nextOpenAt);
    expect(opens).toBeGreaterThan(Date.now() + 60 * 60_000);
    expect(opens).toBeLessThan(Date.now() + 3 * 60 * 60_000);
  });

  it('refuses a malformed window', async () => {
    const answer = await app.api('POST', '/campaigns/preview?recipientHoursStart=8am', { body: { phoneNumbers: [fictional(1)] } });
    expect(answer.status).toBe(400);
  });
});
