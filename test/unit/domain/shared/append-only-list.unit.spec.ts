import fc from 'fast-check';
import { appendNew, emptyList, itemsOf, positionIn, type AppendOnlyList } from '../../../../src/domain/shared/append-only-list.js';

type Item = Readonly<{ key: string; label: string }>;
const keyOf = (item: Item): string => item.key;
const item = (key: string, label = key): Item => ({ key, label });
const keysOf = (list: AppendOnlyList<Item>): string[] => itemsOf(list).map(keyOf);

describe('append-only list: items in the order added, each key once', () => {
  it('appends new keys in order and keeps the first place (and item) of a key listed before or twice in a batch', () => {
    const first = appendNew(emptyList<Item>(), [item('a'), item('b'), item('a', 'again')], keyOf);
    const second = appendNew(first, [item('c'), item('b', 'later'), item('d'), item('c', 'twice')], keyOf);
    expect(itemsOf(second)).toEqual([item('a'), item('b'), item('c'), item('d')]);
    expect([positionIn(second, 'a'), positionIn(second, 'c'), positionIn(second, 'd'), positionIn(second, 'e')]).toEqual([0, 2, 3, undefined]);
  });

  it('returns the same list when nothing in the batch is new', () => {
    const list = appendNew(emptyList<Item>(), [item('a'), item('b')], keyOf);
    expect(appendNew(list, [item('b'), item('a')], keyOf)).toBe(list);
    expect(appendNew(list, [], keyOf)).toBe(list);
  });

  it('keeps every earlier list meaning what it meant, also when an older list is appended to (a fork)', () => {
    const base = appendNew(emptyList<Item>(), [item('a')], keyOf);
    const main = appendNew(base, [item('b'), item('c')], keyOf);
    const fork = appendNew(base, [item('c'), item('x')], keyOf);
    expect(keysOf(base)).toEqual(['a']);
    expect(positionIn(base, 'b')).toBeUndefined();
    expect(keysOf(main)).toEqual(['a', 'b', 'c']);
    expect(keysOf(fork)).toEqual(['a', 'c', 'x']);
    expect([positionIn(fork, 'c'), positionIn(fork, 'b'), positionIn(main, 'c'), positionIn(main, 'x')]).toEqual([1, undefined, 2, undefined]);
    // The newest of each line still extends in place.
    expect(keysOf(appendNew(main, [item('d')], keyOf))).toEqual(['a', 'b', 'c', 'd']);
    expect(keysOf(appendNew(fork, [item('b')], keyOf))).toEqual(['a', 'c', 'x', 'b']);
  });

  it('answers as a plain array with a uniqueness check would, for any sequence of batches appended to any earlier list', () => {
    const batch = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), batch), { maxLength: 20 }), (steps) => {
        const history: Array<[AppendOnlyList<Item>, string[]]> = [[emptyList<Item>(), []]];
        for (const [pick, keys] of steps) {
          const [list, model] = history[pick % history.length]!;
          const next = [...model];
          for (const key of keys) if (!next.includes(key)) next.push(key);
          history.push([appendNew(list, keys.map((k) => item(k)), keyOf), next]);
        }
        for (const [list, model] of history) {
          expect(keysOf(list)).toEqual(model);
          expect(list.length).toBe(model.length);
          for (const key of 'abcdefgh') expect(positionIn(list, key)).toBe(model.includes(key) ? model.indexOf(key) : undefined);
        }
      }),
      { numRuns: 200 },
    );
  });
});
