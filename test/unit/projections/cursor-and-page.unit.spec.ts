import { ValidationError } from '../../../src/domain/shared/errors.js';
import { decodeCursor, encodeCursor, isInstantIdKey, isPositionIdKey } from '../../../src/projections/shared/cursor.js';
import { clampLimit, toPage } from '../../../src/projections/shared/page.js';

const ID = '6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b';

describe('cursor', () => {
  it('round-trips a sort key through an opaque url-safe string', () => {
    const key = ['2026-11-24T14:00:00.000Z', ID] as const;
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, isInstantIdKey)).toEqual(key);
    expect(decodeCursor(encodeCursor([12, ID]), isPositionIdKey)).toEqual([12, ID]);
  });

  it.each([
    ['not base64 json', '%%%'],
    ['json of the wrong shape', encodeCursor([1, 2])],
    ['a key of the other list', encodeCursor([3, ID])],
    ['a non-instant', encodeCursor(['yesterday', ID])],
    ['an impossible date', encodeCursor(['2026-02-30T00:00:00Z', ID])],
    ['hour 24', encodeCursor(['2026-01-01T24:00:00Z', ID])],
    ['an id that is not a UUID', encodeCursor(['2026-11-24T14:00:00.000Z', 'id'])],
    ['a NUL byte in the id', encodeCursor(['2026-11-24T14:00:00.000Z', `${ID}\u0000`])],
  ])('rejects %s as a validation error on `cursor`', (_, cursor) => {
    expect(() => decodeCursor(cursor, isInstantIdKey)).toThrow(ValidationError);
    try {
      decodeCursor(cursor, isInstantIdKey);
    } catch (error) {
      expect((error as ValidationError).details).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it.each([1.5, -1, 2 ** 31, Number.MAX_SAFE_INTEGER])('rejects position %p, which no int4 column holds', (position) => {
    expect(() => decodeCursor(encodeCursor([position, ID]), isPositionIdKey)).toThrow(ValidationError);
  });
});

describe('page', () => {
  it.each([
    [undefined, 50],
    [Number.NaN, 50],
    [0, 1],
    [-3, 1],
    [7.9, 7],
    [500, 500],
    [100_000, 500],
  ])('clamps limit %p to %p', (limit, expected) => {
    expect(clampLimit(limit)).toBe(expected);
  });

  it('uses the extra row only to tell that another page exists', () => {
    const rows = [1, 2, 3];
    expect(toPage(rows, 2, (n) => n * 10, (n) => [n])).toEqual({ items: [10, 20], nextCursor: encodeCursor([2]) });
    expect(toPage(rows, 3, (n) => n, (n) => [n])).toEqual({ items: [1, 2, 3], nextCursor: null });
    expect(toPage([], 3, (n) => n, (n) => [n])).toEqual({ items: [], nextCursor: null });
  });
});
