import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page } from '../../application/views.js';
import { encodeCursor } from './cursor.js';

/** The HTTP edge validates `limit`; queries clamp anyway, as other callers skip the edge. */
export const clampLimit = (limit: number | undefined): number =>
  limit === undefined || !Number.isFinite(limit) ? DEFAULT_PAGE_LIMIT : Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(limit)));

/** `rows` were fetched with `limit + 1`: the extra row only says that another page exists. */
export const toPage = <Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => readonly unknown[],
): Page<Item> => {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toItem), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
};
