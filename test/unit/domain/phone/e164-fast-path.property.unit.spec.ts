import { createRequire } from 'node:module';
import fc from 'fast-check';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import { acceptE164 } from '../../../../src/domain/phone/e164-fast-path.js';
import { normalizePhoneNumber, parseWithLibrary } from '../../../../src/domain/phone/phone-number.js';

/**
 * The fast path may only ever accept what libphonenumber-js accepts, with the same value; every other
 * number must reach the library, so rejections and their reasons stay the library's.
 */
const agrees = (text: string): boolean => {
  const fast = acceptE164(text);
  const library = parseWithLibrary(text);
  if (fast !== undefined && !(library.ok && library.value === fast)) return false;
  return JSON.stringify(normalizePhoneNumber(text)) === JSON.stringify(library);
};

// One mobile example per country, shipped with libphonenumber-js.
const examples = createRequire(import.meta.url)('libphonenumber-js/examples.mobile.json') as Record<string, string>;
const countries = getCountries(metadata);
const callingCodes = [...new Set(countries.map((c) => getCountryCallingCode(c, metadata) as string))];
const exampleNumbers = countries.flatMap((country) => {
  const national = examples[country];
  return national ? [`+${getCountryCallingCode(country, metadata)}${national}`] : [];
});

/** Each example, with a national prefix put in, a digit changed, one dropped and one added. */
const variantsOf = (text: string): string[] => {
  const out = [text, `${text.slice(0, 2)}0${text.slice(2)}`, `${text.slice(0, 3)}0${text.slice(3)}`, `${text.slice(0, 4)}0${text.slice(4)}`, text.slice(0, -1), `${text}0`, `${text}9`];
  for (let i = 2; i < text.length; i += 1) for (const d of '0159') out.push(text.slice(0, i) + d + text.slice(i + 1));
  return out;
};

describe('acceptE164 (the E.164 fast path)', () => {
  it('accepts every generated bench number itself (it is the path imports take)', () => {
    for (let i = 0; i < 1_000; i += 1) expect(acceptE164(`+1415${2_000_000 + i * 997}`)).toBe(`+1415${2_000_000 + i * 997}`);
  });

  it('agrees with libphonenumber on every country example and thousands of variants of them', () => {
    const texts = exampleNumbers.flatMap(variantsOf);
    expect(texts.length).toBeGreaterThan(5_000);
    const disagreeing = texts.filter((t) => !agrees(t));
    expect(disagreeing).toEqual([]);
    // The comparison means something only if both sides are exercised.
    const fastAccepted = texts.filter((t) => acceptE164(t) !== undefined).length;
    expect(fastAccepted).toBeGreaterThan(300);
    expect(texts.filter((t) => !parseWithLibrary(t).ok).length).toBeGreaterThan(1_000);
  });

  it('agrees with libphonenumber on random numbers after every calling code', () => {
    fc.assert(
      fc.property(fc.constantFrom(...callingCodes), fc.stringMatching(/^\d{0,14}$/), (code, digits) => agrees(`+${code}${digits}`)),
      { numRuns: 30_000 },
    );
  });

  it('agrees with libphonenumber on random North American numbers, valid or not', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{9,11}$/), (digits) => agrees(`+1${digits}`)), { numRuns: 30_000 });
  });

  it('leaves anything with separators, letters or no + to the library', () => {
    for (const text of ['+1 415 555 0123', '+1(415)5550123', '14155550123', '+1415555012a', '+', '+0123456789', '+1234567890123456']) {
      expect(acceptE164(text)).toBeUndefined();
    }
  });
});
