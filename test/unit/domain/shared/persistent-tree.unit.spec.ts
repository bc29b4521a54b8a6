import fc from 'fast-check';
import { treeDelete, treeEntries, treeGet, treeSet, treeSize, type Tree } from '../../../../src/domain/shared/persistent-tree.js';

const byNumber = (a: number, b: number): number => a - b;

type Op = { kind: 'set'; key: number; value: string } | { kind: 'delete'; key: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 40 }), value: fc.string({ maxLength: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 40 }) }),
);

type Shape = Readonly<{ height: number; size: number; balanced: boolean }>;
/** Reads the tree's shape from its nodes alone: the promise is O(log n) per change, so every node must be balanced. */
const shapeOf = (t: Tree<number, string>): Shape => {
  if (t === null) return { height: 0, size: 0, balanced: true };
  const node = t as unknown as { left: Tree<number, string>; right: Tree<number, string>; height: number; size: number };
  const [l, r] = [shapeOf(node.left), shapeOf(node.right)];
  const height = Math.max(l.height, r.height) + 1;
  const size = l.size + r.size + 1;
  return { height, size, balanced: l.balanced && r.balanced && Math.abs(l.height - r.height) <= 1 && node.height === height && node.size === size };
};

const apply = (tree: Tree<number, string>, o: Op): Tree<number, string> =>
  o.kind === 'set' ? treeSet(tree, o.key, o.value, byNumber) : treeDelete(tree, o.key, byNumber);

describe('persistent tree: an immutable sorted map', () => {
  it('answers as a sorted Map would after any sequence of sets and deletes, stays balanced, and leaves every earlier tree as it was', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.integer({ min: -1, max: 41 }), (ops, from) => {
        const model = new Map<number, string>();
        let tree: Tree<number, string> = null;
        const history: Array<[Tree<number, string>, string]> = [];
        for (const o of ops) {
          if (o.kind === 'set') model.set(o.key, o.value);
          else model.delete(o.key);
          tree = apply(tree, o);
          history.push([tree, JSON.stringify([...model].sort(([a], [b]) => a - b))]);
        }
        const sorted = [...model].sort(([a], [b]) => a - b);
        expect([...treeEntries(tree, byNumber)]).toEqual(sorted);
        expect([...treeEntries(tree, byNumber, from)]).toEqual(sorted.filter(([k]) => k >= from));
        expect(treeSize(tree)).toBe(model.size);
        for (let key = -1; key <= 41; key += 1) expect(treeGet(tree, key, byNumber)).toBe(model.get(key));
        const shape = shapeOf(tree);
        expect(shape.balanced).toBe(true);
        expect(shape.height).toBeLessThanOrEqual(Math.ceil(1.45 * Math.log2(model.size + 2)));
        for (const [value, snapshot] of history) expect(JSON.stringify([...treeEntries(value, byNumber)])).toBe(snapshot);
      }),
      { numRuns: 300 },
    );
  });

  it('stays balanced over keys added in order, the worst case for an unbalanced tree', () => {
    let ascending: Tree<number, string> = null;
    let descending: Tree<number, string> = null;
    for (let i = 0; i < 1_000; i += 1) {
      ascending = treeSet(ascending, i, `${i}`, byNumber);
      descending = treeSet(descending, 1_000 - i, `${i}`, byNumber);
    }
    for (const tree of [ascending, descending]) {
      expect(shapeOf(tree)).toEqual({ height: expect.any(Number), size: 1_000, balanced: true });
      expect(shapeOf(tree).height).toBeLessThanOrEqual(15);
    }
    // Removing the smallest half (each through the leftmost path) keeps it balanced too.
    for (let i = 0; i < 500; i += 1) ascending = treeDelete(ascending, i, byNumber);
    expect(shapeOf(ascending)).toMatchObject({ size: 500, balanced: true });
    expect([...treeEntries(ascending, byNumber)][0]).toEqual([500, '500']);
  });

  it('returns the same tree when a deleted key is not in it: nothing is copied for a no-op', () => {
    const tree = [5, 3, 8].reduce<Tree<number, string>>((t, k) => treeSet(t, k, `${k}`, byNumber), null);
    for (const missing of [1, 4, 6, 9]) expect(treeDelete(tree, missing, byNumber)).toBe(tree);
    expect(treeDelete(null, 1, byNumber)).toBeNull();
  });

  it('replaces the value of a key already present, keeping its size', () => {
    const tree = treeSet(treeSet(treeSet(null, 2, 'two', byNumber), 1, 'one', byNumber), 2, 'TWO', byNumber);
    expect([...treeEntries(tree, byNumber)]).toEqual([[1, 'one'], [2, 'TWO']]);
    expect(treeSize(tree)).toBe(2);
  });

  it('stops reading where the caller stops: entries are produced lazily', () => {
    let tree: Tree<number, string> = null;
    for (let i = 0; i < 100; i += 1) tree = treeSet(tree, i, `${i}`, byNumber);
    const first: number[] = [];
    for (const [key] of treeEntries(tree, byNumber, 40)) {
      first.push(key);
      if (first.length === 3) break;
    }
    expect(first).toEqual([40, 41, 42]);
  });
});
