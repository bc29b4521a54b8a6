import { isE164 } from '../../../src/domain/phone/e164.js';
import { normalizePhoneNumber, partitionNumbers } from '../../../src/domain/phone/phone-number.js';

describe('normalizePhoneNumber', () => {
  it.each([
    ['+14155550123', '+14155550123'],
    ['+442071838750', '+442071838750'],
    ['  +1 (415) 555-0123 ', '+14155550123'],
    ['+44 20 7183 8750', '+442071838750'],
    ['+33.6.12.34.56.78', '+33612345678'],
  ])('accepts %j as %s', (raw, normalized) => {
    expect(normalizePhoneNumber(raw)).toEqual({ ok: true, value: normalized });
  });

  it.each([
    ['14155550123', 'must be in E.164 format: + then the country code'],
    ['(415) 555-0123', 'must be in E.164 format: + then the country code'],
    ['+1415555012', 'too short'],
    ['+999123456', 'unknown country calling code'],
    ['+15555550100', 'not a valid number for its country'],
    ['+14155550123 ext 5', 'not a phone number'],
    ['call +14155550123', 'not a phone number'],
    ['', 'empty'],
    ['   ', 'empty'],
    [14155550123, 'must be a string'],
    [null, 'must be a string'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(normalizePhoneNumber(raw)).toEqual({ ok: false, reason });
  });
});

describe('partitionNumbers', () => {
  it('keeps new numbers in order, counts duplicates against the campaign and the batch, and explains the invalid', () => {
    const existing = new Set(['+14155550101']);
    const result = partitionNumbers(existing, [
      '+14155550102',
      '+1 415 555 0101',
      'nope',
      '+1 (415) 555-0102',
      '+442071838750',
      '+1415',
    ]);
    expect(result).toEqual({
      accepted: ['+14155550102', '+442071838750'],
      duplicates: 2,
      invalid: [
        { value: 'nope', reason: 'not a phone number' },
        { value: '+1415', reason: 'too short' },
      ],
    });
  });

  it('partitions 100,000 numbers', () => {
    const raw = Array.from({ length: 100_000 }, (_, i) => `+1 415 ${String(2_000_000 + i).slice(0, 3)} ${String(i).padStart(4, '0').slice(-4)}`);
    const startedAt = performance.now();
    const result = partitionNumbers(new Set(), raw);
    const elapsed = performance.now() - startedAt;
    console.log(`partitioned 100,000 numbers in ${elapsed.toFixed(0)} ms`);
    expect(result.accepted.length + result.duplicates + result.invalid.length).toBe(100_000);
    expect(result.invalid).toEqual([]);
    expect(result.accepted.every(isE164)).toBe(true);
  });
});

describe('isE164', () => {
  it('accepts only the canonical form', () => {
    expect(isE164('+14155550123')).toBe(true);
    expect(isE164('+1 415 555 0123')).toBe(false);
    expect(isE164('14155550123')).toBe(false);
    expect(isE164('+01234')).toBe(false);
    expect(isE164('+1234567890123456')).toBe(false);
  });
});
