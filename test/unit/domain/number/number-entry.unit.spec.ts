import { parseNumberEntry } from '../../../../src/domain/phone/number-entry.js';

describe('parseNumberEntry', () => {
  it('takes a string or an object, normalizing the number and keeping only set contact fields', () => {
    expect(parseNumberEntry('+1 (415) 555-0100')).toEqual({ ok: true, value: { phoneNumber: '+14155550100' } });
    expect(parseNumberEntry({ phoneNumber: '+14155550100', name: 'Ada', timezone: 'America/New_York', zip: '10001-0001', variables: { a: 'b' } })).toEqual({
      ok: true,
      value: { phoneNumber: '+14155550100', name: 'Ada', timezone: 'America/New_York', zip: '10001-0001', variables: { a: 'b' } },
    });
  });

  it.each([
    [{ phoneNumber: '+14155550100', timezone: '+03:00' }, 'timezone'],
    [{ phoneNumber: '+14155550100', timezone: 'UTC+3' }, 'timezone'],
    [{ phoneNumber: '+14155550100', timezone: 'UTC' }, 'timezone'],
    [{ phoneNumber: '+14155550100', timezone: 'Etc/GMT+5' }, 'timezone'],
    [{ phoneNumber: '+14155550100', zip: '1234' }, 'zip'],
    [{ phoneNumber: '+14155550100', zip: '12345-12' }, 'zip'],
    [{ phoneNumber: '+14155550100', name: 7 }, 'name'],
    [{ phoneNumber: '+14155550100', variables: ['a'] }, 'variables'],
    [{ phoneNumber: '+14155550100', variables: { a: 1 } }, 'variables.a'],
    [{ phoneNumber: '+14155550100', variables: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`v${i}`, 'x'])) }, 'at most 50'],
    [{ phoneNumber: '+14155550100', variables: { a: 'x'.repeat(1001) } }, 'at most 1000'],
    [{ phoneNumber: '+14155550100', nickname: 'x' }, 'nickname'],
    [{ phoneNumber: 'nope' }, 'phoneNumber'],
    [{}, 'phoneNumber'],
  ])('refuses %j naming %s', (raw, named) => {
    const result = parseNumberEntry(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(named);
  });
});
