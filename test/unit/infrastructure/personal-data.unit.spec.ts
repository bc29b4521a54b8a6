import { maskPhoneNumbers, revealsPersonalData } from '../../../src/infrastructure/logging/personal-data.js';

describe('phone numbers in log text', () => {
  it.each([
    ['dial of +14155550123 failed', 'dial of +…23 failed'],
    ['{"phoneNumber":"+442071838750"}', '{"phoneNumber":"+…50"}'],
    ['not an E.164 number: +1 (415) 555-0199', 'not an E.164 number: +…99'],
  ])('masks %j', (text, masked) => {
    expect(maskPhoneNumbers(text)).toBe(masked);
  });

  it('leaves ids, times and counts alone', () => {
    const text = 'call 9c920f0c-9496-4014-9970-887ef56c7219 at 2026-11-29T05:39:24.414Z: 100000 numbers, position 80838/2';
    expect(maskPhoneNumbers(text)).toBe(text);
  });

  it('is revealed at debug and trace only', () => {
    expect(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].filter(revealsPersonalData)).toEqual(['debug', 'trace']);
  });
});
