/**
 * Items in the order they were added, each key once, append-only. A campaign can hold 100,000
 * numbers, so appending a batch must cost O(batch), not a copy of the whole list. States share one
 * backing array and index and each sees its first `length` entries; appending to a state that is not
 * the newest (a fork) copies first, so every state value keeps meaning what it meant: folds stay pure.
 */
export type AppendOnlyList<T> = Readonly<{
  length: number;
  entries: T[];
  /** key → position in `entries` */
  index: Map<string, number>;
}>;

export const emptyList = <T>(): AppendOnlyList<T> => ({ length: 0, entries: [], index: new Map() });

export const positionIn = <T>(list: AppendOnlyList<T>, key: string): number | undefined => {
  const at = list.index.get(key);
  return at !== undefined && at < list.length ? at : undefined;
};

/** The items as a plain array (a copy: O(n), for views, not for the hot path). */
export const itemsOf = <T>(list: AppendOnlyList<T>): T[] => list.entries.slice(0, list.length);

const ownBacking = <T>(list: AppendOnlyList<T>, keyOf: (item: T) => string): AppendOnlyList<T> => {
  if (list.entries.length === list.length) return list;
  const entries = list.entries.slice(0, list.length);
  return { length: list.length, entries, index: new Map(entries.map((item, i) => [keyOf(item), i])) };
};

/** Appends the items whose key is not listed yet (the first of a batch wins); a listed key keeps its place. */
export const appendNew = <T>(list: AppendOnlyList<T>, items: readonly T[], keyOf: (item: T) => string): AppendOnlyList<T> => {
  const fresh = items.filter((item) => positionIn(list, keyOf(item)) === undefined);
  if (fresh.length === 0) return list;
  const owned = ownBacking(list, keyOf);
  for (const item of fresh) {
    const key = keyOf(item);
    if (owned.index.has(key)) continue;
    owned.index.set(key, owned.entries.length);
    owned.entries.push(item);
  }
  return { length: owned.entries.length, entries: owned.entries, index: owned.index };
};
