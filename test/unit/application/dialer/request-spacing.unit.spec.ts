import { RequestSpacing, SPACING_MARGIN_MS } from '../../../../src/application/dialer/request-spacing.js';

describe('RequestSpacing: the last guard before a dial request goes out', () => {
  it('lets the budget through in any rolling window and says how long until the next may go', () => {
    const spacing = new RequestSpacing({ count: 2, windowMs: 1_000 });
    const span = 1_000 + SPACING_MARGIN_MS;
    expect([spacing.take(0), spacing.take(10), spacing.take(20)]).toEqual([0, 0, span - 20]);
    expect(spacing.take(span - 1)).toBe(1);
    expect(spacing.take(span)).toBe(0);
    expect(spacing.take(span + 5)).toBe(5);
    expect(spacing.take(span + 10)).toBe(0);
  });

  it('never refuses without a budget', () => {
    const spacing = new RequestSpacing(null);
    expect(Array.from({ length: 100 }, () => spacing.take(0)).every((wait) => wait === 0)).toBe(true);
  });
});
