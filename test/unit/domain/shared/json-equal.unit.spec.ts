import { withoutUndefined } from '../../../../src/domain/shared/defined.js';
import { addMilliseconds, fromEpochMs, isAtOrBefore, toEpochMs } from '../../../../src/domain/shared/instant.js';
import { jsonEqual } from '../../../../src/domain/shared/json-equal.js';

describe('jsonEqual: structural equality of payloads and configs', () => {
  it.each([
    ['the same number', 1, 1],
    ['NaN and NaN', Number.NaN, Number.NaN],
    ['objects whatever their key order', { a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }],
    ['a field left undefined and one left out', { a: 1, b: undefined }, { a: 1 }],
    ['a field left out and one left undefined', { a: 1 }, { a: 1, b: undefined }],
    ['nested arrays of objects', [{ a: [1, { b: 2 }] }], [{ a: [1, { b: 2 }] }]],
    ['nulls', null, null],
    ['empty object and array each with its own kind', [{}, []], [{}, []]],
  ])('holds for %s', (_, a, b) => {
    expect(jsonEqual(a, b)).toBe(true);
  });

  it.each([
    ['different numbers', 1, 2],
    ['a number and its string', 1, '1'],
    ['null and an object', null, {}],
    ['an object and null', {}, null],
    ['an object and a number', { a: 1 }, 1],
    ['an array and an object with index keys', [1], { 0: 1 }],
    ['an object with index keys and an array', { 0: 1 }, [1]],
    ['arrays of different length', [1, 2], [1, 2, 3]],
    ['arrays in a different order', [1, 2], [2, 1]],
    ['an extra key on the right', { a: 1 }, { a: 1, b: 2 }],
    ['an extra key on the left', { a: 1, b: 2 }, { a: 1 }],
    ['a different key with the same count', { a: 1 }, { b: 1 }],
    ['a nested difference', { a: { b: [1, { c: 1 }] } }, { a: { b: [1, { c: 2 }] } }],
    ['a field set and one left undefined', { a: 1, b: 2 }, { a: 1, b: undefined }],
  ])('fails for %s', (_, a, b) => {
    expect(jsonEqual(a, b)).toBe(false);
  });
});

describe('withoutUndefined: a field left out is no change', () => {
  it('drops undefined fields and keeps null, false, 0 and empty strings', () => {
    expect(withoutUndefined({ a: undefined, b: null, c: false, d: 0, e: '', f: 'x' })).toStrictEqual({ b: null, c: false, d: 0, e: '', f: 'x' });
  });
});

describe('instants: arithmetic on given ISO instants', () => {
  it('reads an ISO instant with any offset as the same moment', () => {
    expect(toEpochMs('2026-11-23T10:00:00.000Z')).toBe(Date.UTC(2026, 10, 23, 10));
    expect(toEpochMs('2026-11-23T05:00:00.000-05:00')).toBe(Date.UTC(2026, 10, 23, 10));
  });

  it('refuses a text that is no instant, by name, also right after a valid one', () => {
    toEpochMs('2026-11-23T10:00:00.000Z');
    expect(() => toEpochMs('not a time')).toThrow(new RangeError('not an ISO instant: not a time'));
    expect(() => toEpochMs('not a time')).toThrow(RangeError);
  });

  it('answers each instant for itself when several are read in turn', () => {
    const [a, b] = ['2026-11-23T10:00:00.000Z', '2026-11-23T11:00:00.000Z'];
    expect([toEpochMs(a), toEpochMs(b), toEpochMs(a), toEpochMs(a), toEpochMs(b)]).toEqual([
      Date.UTC(2026, 10, 23, 10), Date.UTC(2026, 10, 23, 11), Date.UTC(2026, 10, 23, 10), Date.UTC(2026, 10, 23, 10), Date.UTC(2026, 10, 23, 11),
    ]);
  });

  it('writes instants in UTC with milliseconds and adds durations across a day', () => {
    expect(fromEpochMs(Date.UTC(2026, 10, 23, 10, 0, 0, 5))).toBe('2026-11-23T10:00:00.005Z');
    expect(addMilliseconds('2026-11-23T23:59:59.500Z', 1_000)).toBe('2026-11-24T00:00:00.500Z');
    expect(addMilliseconds('2026-11-23T10:00:00.000Z', -60_000)).toBe('2026-11-23T09:59:00.000Z');
  });

  it.each([
    ['earlier', '2026-11-23T09:59:59.999Z', true],
    ['the same moment in another offset', '2026-11-23T05:00:00.000-05:00', true],
    ['later', '2026-11-23T10:00:00.001Z', false],
  ])('puts an instant %s at or before 10:00 UTC: %s', (_, a, expected) => {
    expect(isAtOrBefore(a, '2026-11-23T10:00:00.000Z')).toBe(expected);
  });
});
