import { resolveZones, validateRecipientLocation } from '../../../../src/domain/compliance/index.js';

const zonesOf = (phoneNumber: string, extra: { timezone?: string; zip?: string } = {}) => resolveZones({ phoneNumber, ...extra });

describe('resolveZones: candidate zones and states of a number', () => {
  it('resolves a one-zone area code to its zone and state', () => {
    expect(zonesOf('+12125550123')).toMatchObject({ zones: ['America/New_York'], zoneSource: 'prefix', states: [{ state: 'NY', source: 'area-code' }], country: 'US' });
  });

  it('resolves split area codes per exchange: 208 (Idaho), 219 (Indiana), 270 (Kentucky)', () => {
    expect(zonesOf('+12082010000').zones).toEqual(['America/Denver']); // Boise: Mountain
    expect(zonesOf('+12082150000').zones).toEqual(['America/Los_Angeles']); // the panhandle: Pacific
    expect(zonesOf('+12085550000').zones).toEqual(['America/Boise', 'America/Los_Angeles']); // listed as either
    expect(zonesOf('+12082010000').states).toEqual([{ state: 'ID', source: 'area-code' }]);
    expect(zonesOf('+12192260000').zones).toEqual(['America/Chicago']); // Gary: Central
    expect(zonesOf('+12707820000').zones).toEqual(['America/Chicago']); // Bowling Green: Central
  });

  it('checks an unlisted exchange of a split area code in every zone of the code', () => {
    // The source gives 219 and 270 New York as the area-code default, though most listed exchanges are Central.
    expect(zonesOf('+12195550000').zones).toEqual(['America/Chicago', 'America/New_York']);
    expect(zonesOf('+12705550000').zones).toEqual(['America/Chicago', 'America/New_York']);
  });

  it('keeps Arizona (928) on its no-DST zone, with the Navajo Nation (DST) beside it; Hawaii and Alaska on theirs', () => {
    expect(zonesOf('+19285550123').zones).toEqual(['America/Denver', 'America/Phoenix']);
    expect(zonesOf('+19285550123').states).toEqual([{ state: 'AZ', source: 'area-code' }]);
    expect(zonesOf('+18085550123')).toMatchObject({ zones: ['Pacific/Honolulu'], states: [{ state: 'HI', source: 'area-code' }] });
    expect(zonesOf('+19075550123').zones).toContain('America/Anchorage');
  });

  it('leaves toll-free 800 unknown: no zone, no state, still a US number', () => {
    expect(zonesOf('+18005550123')).toMatchObject({ zones: [], zoneSource: 'unknown', states: [], country: 'US', callingCode: '1' });
  });

  it('lets an explicit timezone override the area code, which still counts as a state', () => {
    expect(zonesOf('+13055550123', { timezone: 'America/Los_Angeles' })).toMatchObject({
      zones: ['America/Los_Angeles'],
      zoneSource: 'timezone',
      states: [{ state: 'FL', source: 'area-code' }],
    });
  });

  it('takes a ZIP code before the area code for zones, and both states', () => {
    expect(zonesOf('+13055550123', { zip: '98101' })).toMatchObject({
      zones: ['America/Los_Angeles'],
      zoneSource: 'zip',
      states: [{ state: 'WA', source: 'zip' }, { state: 'FL', source: 'area-code' }],
    });
    expect(zonesOf('+12125550123', { zip: '10001' }).states).toEqual([{ state: 'NY', source: 'zip' }]);
    expect(new Set(zonesOf('+12125550123', { zip: '33101' }).zones)).toEqual(new Set(['America/New_York', 'America/Chicago']));
  });

  it('resolves a one-zone country by its calling code, and leaves a many-zone one unknown', () => {
    expect(zonesOf('+442071838750')).toMatchObject({ zones: ['Europe/London'], zoneSource: 'country', states: [] });
    expect(zonesOf('+79161234567')).toMatchObject({ zones: [], zoneSource: 'unknown' });
  });

  it('resolves Canadian area codes to their province', () => {
    expect(zonesOf('+14165550123')).toMatchObject({ zones: ['America/Toronto'], states: [{ state: 'ON', source: 'area-code' }], country: 'CA' });
  });

  it('rejects offsets and unknown names as explicit time zones, and resolves a stored one as unknown (the safe window)', () => {
    for (const timezone of ['+03:00', 'UTC', 'Etc/GMT+5']) expect(zonesOf('+12125550123', { timezone })).toMatchObject({ zones: [], zoneSource: 'unknown' });
    expect(validateRecipientLocation({ timezone: '+03:00', zip: '1234' }).map(({ field }) => field)).toEqual(['timezone', 'zip']);
    expect(validateRecipientLocation({ timezone: 'UTC' })).toHaveLength(1);
    expect(validateRecipientLocation({ timezone: 'Mars/Olympus' })).toHaveLength(1);
    expect(validateRecipientLocation({ timezone: 'America/Chicago', zip: '60601-1234' })).toEqual([]);
  });
});
