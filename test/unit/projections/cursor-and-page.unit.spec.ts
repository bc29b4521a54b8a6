import { ValidationError } from '../../../src/domain/shared/errors.js';
import { decodeCursor, encodeCursor, isInstantIdKey, isPositionIdKey } from '../../../src/projections/shared/cursor.js';
import { clampLimit, toPage } from '../../../src/projections/shared/page.js';

describe('cursor', () => {
  it('round-trips a sort key through an opaque url-safe string', () => {
    const key = ['2026-11-24T14:00:00.000Z', 'c1/+='] as const;
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, isInstantIdKey)).toEqual(key);
    expect(decodeCursor(encodeCursor([12, 'id']), isPositionIdKey)).toEqual([12, 'id']);
  });

  it.each([
    ['not base64 json', '%%%'],
    ['json of the wrong shape', encodeCursor([1, 2])],
    ['a key of the other list', encodeCursor([3, 'id'])],
    ['a non-instant', encodeCursor(['yesterday', 'id'])],
  ])('rejects %s as a validation error on `cursor`', (_, cursor) => {
    expect(() => decodeCursor(cursor, isInstantIdKey)).toThrow(ValidationError);
    try {
      decodeCursor(cursor, isInstantIdKey);
    } catch (error) {
      expect((error as ValidationError).details).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });

  it('rejects a position that is not a safe integer', () => {
    expect(() => decodeCursor(encodeCursor([1.5, 'id']), isPositionIdKey)).toThrow(ValidationError);
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
