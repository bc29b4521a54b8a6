import {
  BUILTIN_RULES,
  type RecipientWindow,
  type RecipientWindowOptions,
  recipientWindow,
  resolveZones,
} from '../../../../src/domain/compliance/index.js';

type Location = { timezone?: string; zip?: string };
const gate = (phoneNumber: string, at: string, options: RecipientWindowOptions = {}, location: Location = {}) =>
  recipientWindow(resolveZones({ phoneNumber, ...location }), options, new Date(at));

const iso = (date: Date | null) => date?.toISOString() ?? null;
const opensAt = (window: RecipientWindow) => (window.open ? 'open' : iso(window.nextOpenAt));
const closedBy = (window: RecipientWindow) => window.explanation.closedBy;

const NEW_YORK = '+12125550123';
const MIAMI = '+13055550123';
const DALLAS = '+12145550123';
const BIRMINGHAM = '+12055550123';
const NEW_ORLEANS = '+15045550123';
const JACKSON = '+16015550123';
const PHILADELPHIA = '+12155550123';
const TORONTO = '+14165550123';
const HONOLULU = '+18085550123';
const FLAGSTAFF = '+19285550123';
const TOLL_FREE = '+18005550123';

describe('recipientWindow: US federal hours in the recipient zone', () => {
  // Wednesday 2 December 2026; New York is UTC−5.
  it('is open inside 08:00–21:00 local and says until when, a minute before the close', () => {
    const window = gate(NEW_YORK, '2026-12-02T17:00:00Z');
    expect(window).toMatchObject({ open: true, closesAt: new Date('2026-12-03T01:59:00Z') });
  });

  it('is closed before 08:00 and opens at exactly 08:00 local', () => {
    const window = gate(NEW_YORK, '2026-12-02T12:59:00Z');
    expect(opensAt(window)).toBe('2026-12-02T13:00:00.000Z');
    expect(closedBy(window)).toEqual(['recipient-hours@America/New_York', 'us-federal-hours@America/New_York']);
  });

  it('applies the federal rule even when the campaign allows later calls', () => {
    const late = { recipientHours: { start: '08:00', end: '23:00' } };
    expect(opensAt(gate(NEW_YORK, '2026-12-03T02:30:00Z', late))).toBe('2026-12-03T13:00:00.000Z'); // 21:30 local
    expect(opensAt(gate(NEW_YORK, '2026-12-03T02:30:00Z', { ...late, complianceRules: 'none' }))).toBe('open');
  });

  it('stops the margin before the close: 20:59:30 is closed by default, open with no margin', () => {
    const window = gate(NEW_YORK, '2026-12-03T01:59:30Z');
    expect(opensAt(window)).toBe('2026-12-03T13:00:00.000Z');
    expect(closedBy(window)).toEqual(['closing-margin']);
    expect(gate(NEW_YORK, '2026-12-03T01:59:30Z', { marginMs: 0 })).toMatchObject({ open: true, closesAt: new Date('2026-12-03T02:00:00Z') });
    expect(opensAt(gate(NEW_YORK, '2026-12-03T01:50:00Z', { marginMs: 15 * 60_000 }))).toBe('2026-12-03T13:00:00.000Z');
  });

  it('never opens when the margin is longer than every window', () => {
    expect(gate(NEW_YORK, '2026-12-02T17:00:00Z', { recipientHours: { start: '10:00', end: '10:30' }, marginMs: 3_600_000 })).toMatchObject({
      open: false,
      nextOpenAt: null,
    });
  });

  it('keeps Hawaii (808) on its own clock, with no DST', () => {
    expect(opensAt(gate(HONOLULU, '2026-12-02T17:59:00Z'))).toBe('2026-12-02T18:00:00.000Z');
    expect(opensAt(gate(HONOLULU, '2027-07-07T17:59:00Z'))).toBe('2027-07-07T18:00:00.000Z');
  });
});

describe('recipientWindow: DST changes', () => {
  it('opens at 08:00 EDT on the spring-forward Sunday (12:00Z, not 13:00Z)', () => {
    expect(opensAt(gate(NEW_YORK, '2027-03-14T02:30:00Z'))).toBe('2027-03-14T12:00:00.000Z');
  });

  it('opens at 08:00 EST on the fall-back Sunday (13:00Z, not 12:00Z)', () => {
    expect(opensAt(gate(NEW_YORK, '2026-11-01T02:30:00Z'))).toBe('2026-11-01T13:00:00.000Z');
  });

  it('checks Arizona (928) also in Navajo Nation time: one hour less in summer, none lost in winter', () => {
    // 20:30 in Phoenix: 21:30 in Denver in July, 20:30 in January.
    expect(opensAt(gate(FLAGSTAFF, '2027-07-08T03:30:00Z'))).toBe('2027-07-08T15:00:00.000Z');
    expect(opensAt(gate(FLAGSTAFF, '2027-01-08T03:30:00Z'))).toBe('open');
  });
});

describe('recipientWindow: state rules', () => {
  it('closes Florida at 20:00 (Fla. Stat. § 501.616), not with rules off', () => {
    expect(opensAt(gate(MIAMI, '2026-12-03T01:30:00Z'))).toBe('2026-12-03T13:00:00.000Z');
    expect(closedBy(gate(MIAMI, '2026-12-03T01:30:00Z'))).toEqual(['fl-hours@America/New_York']);
    expect(opensAt(gate(MIAMI, '2026-12-03T01:30:00Z', { complianceRules: 'none' }))).toBe('open');
    expect(gate(MIAMI, '2026-12-03T00:30:00Z')).toMatchObject({ open: true, closesAt: new Date('2026-12-03T00:59:00Z') });
  });

  it('closes Oklahoma, Maryland and Washington at 20:00 local too', () => {
    // Wednesday 20:30 local in each: Oklahoma City (Central), Baltimore (Eastern), Seattle (Pacific).
    expect(closedBy(gate('+14055550123', '2026-12-03T02:30:00Z'))).toEqual(['ok-hours@America/Chicago']);
    expect(closedBy(gate('+14105550123', '2026-12-03T01:30:00Z'))).toEqual(['md-hours@America/New_York']);
    expect(closedBy(gate('+12065550123', '2026-12-03T04:30:00Z'))).toEqual(['wa-hours@America/Los_Angeles']);
  });

  it('counts the area-code state when the ZIP lies elsewhere (Florida number, New York ZIP)', () => {
    const window = gate(MIAMI, '2026-12-03T01:30:00Z', {}, { zip: '10001' });
    expect(window.explanation.states).toEqual([{ state: 'NY', source: 'zip' }, { state: 'FL', source: 'area-code' }]);
    expect(opensAt(window)).toBe('2026-12-03T13:00:00.000Z');
  });

  it('reads the area-code state in the explicit zone: Florida number living in Los Angeles', () => {
    const inLosAngeles = { timezone: 'America/Los_Angeles' };
    expect(opensAt(gate(MIAMI, '2026-12-03T01:30:00Z', {}, inLosAngeles))).toBe('open'); // 17:30 there
    expect(opensAt(gate(MIAMI, '2026-12-03T04:30:00Z', {}, inLosAngeles))).toBe('2026-12-03T16:00:00.000Z'); // 20:30 there
  });

  it('opens Texas at 09:00 on Saturday and at noon on Sunday', () => {
    expect(opensAt(gate(DALLAS, '2026-12-05T14:30:00Z'))).toBe('2026-12-05T15:00:00.000Z');
    const sunday = gate(DALLAS, '2026-12-06T17:30:00Z');
    expect(opensAt(sunday)).toBe('2026-12-06T18:00:00.000Z');
    expect(closedBy(sunday)).toEqual(['tx-hours@America/Chicago']);
  });

  it('bans Sunday calls in Alabama, Louisiana and Mississippi until Monday 08:00', () => {
    for (const number of [BIRMINGHAM, NEW_ORLEANS, JACKSON]) {
      expect(opensAt(gate(number, '2026-12-06T18:00:00Z'))).toBe('2026-12-07T14:00:00.000Z');
      expect(opensAt(gate(number, '2026-12-06T18:00:00Z', { complianceRules: 'none' }))).toBe('open');
    }
  });

  it('bans calls on state holidays where the law does: Louisiana and Alabama on Christmas, not Mississippi', () => {
    const christmasNoon = '2026-12-25T18:00:00Z';
    expect(opensAt(gate(NEW_ORLEANS, christmasNoon))).toBe('2026-12-26T14:00:00.000Z');
    expect(closedBy(gate(NEW_ORLEANS, christmasNoon))).toEqual(['la-holidays@America/Chicago']);
    expect(closedBy(gate(BIRMINGHAM, christmasNoon))).toEqual(['al-holidays@America/Chicago']);
    expect(opensAt(gate(JACKSON, christmasNoon))).toBe('open');
    expect(opensAt(gate(DALLAS, christmasNoon))).toBe('open');
    // Mardi Gras is a Louisiana holiday only.
    expect(opensAt(gate(NEW_ORLEANS, '2026-02-17T18:00:00Z'))).toBe('2026-02-18T14:00:00.000Z');
    expect(opensAt(gate(BIRMINGHAM, '2026-02-17T18:00:00Z'))).toBe('open');
  });

  it('applies the Pennsylvania Sunday ban from 2026-10-18, and its holiday ban', () => {
    expect(opensAt(gate(PHILADELPHIA, '2026-10-11T16:00:00Z'))).toBe('open');
    const firstSunday = gate(PHILADELPHIA, '2026-10-18T16:00:00Z');
    expect(opensAt(firstSunday)).toBe('2026-10-19T12:00:00.000Z');
    expect(closedBy(firstSunday)).toEqual(['pa-sunday-hours@America/New_York']);
    // Saturday night: before the ban the next opening is Sunday 08:00, after it Monday 08:00.
    expect(opensAt(gate(PHILADELPHIA, '2026-10-11T02:00:00Z'))).toBe('2026-10-11T12:00:00.000Z');
    expect(opensAt(gate(PHILADELPHIA, '2026-10-18T02:00:00Z'))).toBe('2026-10-19T12:00:00.000Z');
    expect(opensAt(gate(PHILADELPHIA, '2026-11-26T17:00:00Z'))).toBe('2026-11-27T13:00:00.000Z'); // Thanksgiving
    // Good Friday and Election Day are on the Act's list though not in date-holidays' Pennsylvania calendar.
    expect(opensAt(gate(PHILADELPHIA, '2026-04-03T16:00:00Z'))).toBe('2026-04-04T12:00:00.000Z');
    expect(opensAt(gate(PHILADELPHIA, '2026-11-03T17:00:00Z'))).toBe('2026-11-04T13:00:00.000Z');
    // The holiday ban took effect on 2019-12-03: Thanksgiving 2019 was open, Christmas 2019 closed.
    expect(opensAt(gate(PHILADELPHIA, '2019-11-28T17:00:00Z'))).toBe('open');
    expect(opensAt(gate(PHILADELPHIA, '2019-12-25T17:00:00Z'))).toBe('2019-12-26T13:00:00.000Z');
  });

  it('crosses a holiday and a Sunday ban together to the next allowed day', () => {
    // Friday 25 Dec 2026 (holiday), Saturday open, Sunday banned: from Saturday 20:30 the next is Monday.
    expect(opensAt(gate(NEW_ORLEANS, '2026-12-25T18:00:00Z'))).toBe('2026-12-26T14:00:00.000Z');
    expect(opensAt(gate(NEW_ORLEANS, '2026-12-27T02:30:00Z'))).toBe('2026-12-28T14:00:00.000Z');
  });
});

describe('recipientWindow: Canada', () => {
  it('follows CRTC hours: weekends from 10:00, weekdays until 21:30', () => {
    expect(opensAt(gate(TORONTO, '2026-12-05T14:30:00Z'))).toBe('2026-12-05T15:00:00.000Z');
    const late = { recipientHours: { start: '08:00', end: '23:00' } };
    expect(opensAt(gate(TORONTO, '2026-12-03T02:15:00Z', late))).toBe('open'); // Wed 21:15
    expect(opensAt(gate(TORONTO, '2026-12-03T02:45:00Z', late))).toBe('2026-12-03T14:00:00.000Z'); // 21:45 → Thu 09:00
    expect(opensAt(gate(TORONTO, '2026-12-06T00:00:00Z', late))).toBe('2026-12-06T15:00:00.000Z'); // Sat 19:00 → Sun 10:00
  });
});

describe('recipientWindow: unknown zones', () => {
  it('dials a toll-free number only in the safe window, weekdays 14:00–18:00 New York', () => {
    expect(opensAt(gate(TOLL_FREE, '2026-12-02T17:00:00Z'))).toBe('2026-12-02T19:00:00.000Z');
    expect(gate(TOLL_FREE, '2026-12-02T20:00:00Z')).toMatchObject({ open: true, closesAt: new Date('2026-12-02T22:59:00Z') });
    expect(opensAt(gate(TOLL_FREE, '2026-12-05T20:00:00Z'))).toBe('2026-12-07T19:00:00.000Z'); // Saturday → Monday
    expect(opensAt(gate(TOLL_FREE, '2026-12-05T20:00:00Z', { complianceRules: 'none' }))).toBe('2026-12-07T19:00:00.000Z');
    expect(gate(TOLL_FREE, '2026-12-02T20:00:00Z').explanation.zones).toEqual([
      { zone: 'America/New_York', source: 'safe-window', localTime: 'Wed 2026-12-02 15:00:00 -05:00' },
    ]);
  });

  it('skips every state holiday in the safe window, as the state is unknown', () => {
    expect(opensAt(gate(TOLL_FREE, '2026-12-25T19:30:00Z'))).toBe('2026-12-28T19:00:00.000Z');
    expect(opensAt(gate(TOLL_FREE, '2026-02-17T19:30:00Z'))).toBe('2026-02-18T19:00:00.000Z'); // Mardi Gras
  });

  it('checks a number of a many-zone country in all of its zones', () => {
    const moscowMobile = '+79161234567';
    expect(opensAt(gate(moscowMobile, '2026-12-02T06:30:00Z'))).toBe('open'); // 08:30 Bucharest … 18:30 Anadyr
    expect(opensAt(gate(moscowMobile, '2026-12-02T09:30:00Z'))).toBe('2026-12-03T06:00:00.000Z');
  });

  it('uses the country zone and only the campaign hours outside North America', () => {
    const london = '+442071838750';
    expect(opensAt(gate(london, '2026-12-02T07:59:00Z'))).toBe('2026-12-02T08:00:00.000Z');
    expect(gate(london, '2026-12-02T12:00:00Z').explanation.rules).toEqual([]);
  });
});

describe('recipientWindow: explanation', () => {
  it('names the zones, their source and local time, the rules with citations and the rule-set version', () => {
    const { explanation } = gate(MIAMI, '2026-12-02T17:00:00Z');
    expect(explanation).toMatchObject({
      zones: [{ zone: 'America/New_York', source: 'prefix', localTime: 'Wed 2026-12-02 12:00:00 -05:00' }],
      states: [{ state: 'FL', source: 'area-code' }],
      recipientHours: { start: '08:00', end: '21:00' },
      complianceRules: 'builtin',
      ruleSetVersion: BUILTIN_RULES.version,
      marginMs: 60_000,
      closedBy: [],
    });
    expect(explanation.rules.map(({ id }) => id)).toEqual(['us-federal-hours', 'fl-hours']);
    expect(explanation.rules[1]).toMatchObject({ citation: 'Fla. Stat. § 501.616(6)(a)', effectiveFrom: '2021-07-01' });
  });
});
