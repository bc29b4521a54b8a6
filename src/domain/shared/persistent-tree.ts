/**
 * An immutable sorted map (AVL tree): a change copies the O(log n) nodes on its path and shares the
 * rest, so a fold over a 100,000-call campaign never copies a collection per event, and every older
 * state keeps meaning what it meant.
 */
export type Tree<K, V> = Node<K, V> | null;
type Node<K, V> = Readonly<{ key: K; value: V; left: Tree<K, V>; right: Tree<K, V>; height: number; size: number }>;
export type Compare<K> = (a: K, b: K) => number;

const height = <K, V>(t: Tree<K, V>): number => (t === null ? 0 : t.height);
export const treeSize = <K, V>(t: Tree<K, V>): number => (t === null ? 0 : t.size);

const node = <K, V>(key: K, value: V, left: Tree<K, V>, right: Tree<K, V>): Node<K, V> => ({
  key,
  value,
  left,
  right,
  height: Math.max(height(left), height(right)) + 1,
  size: treeSize(left) + treeSize(right) + 1,
});

const rotateRight = <K, V>(n: Node<K, V>): Node<K, V> => {
  const l = n.left!;
  return node(l.key, l.value, l.left, node(n.key, n.value, l.right, n.right));
};

const rotateLeft = <K, V>(n: Node<K, V>): Node<K, V> => {
  const r = n.right!;
  return node(r.key, r.value, node(n.key, n.value, n.left, r.left), r.right);
};

const balance = <K, V>(key: K, value: V, left: Tree<K, V>, right: Tree<K, V>): Node<K, V> => {
  const diff = height(left) - height(right);
  if (diff > 1) {
    const l = left!;
    const pivot = height(l.left) >= height(l.right) ? l : rotateLeft(l);
    return rotateRight(node(key, value, pivot, right));
  }
  if (diff < -1) {
    const r = right!;
    const pivot = height(r.right) >= height(r.left) ? r : rotateRight(r);
    return rotateLeft(node(key, value, left, pivot));
  }
  return node(key, value, left, right);
};

export const treeGet = <K, V>(t: Tree<K, V>, key: K, compare: Compare<K>): V | undefined => {
  let at = t;
  while (at !== null) {
    const c = compare(key, at.key);
    if (c === 0) return at.value;
    at = c < 0 ? at.left : at.right;
  }
  return undefined;
};

export const treeSet = <K, V>(t: Tree<K, V>, key: K, value: V, compare: Compare<K>): Node<K, V> => {
  if (t === null) return node(key, value, null, null);
  const c = compare(key, t.key);
  if (c === 0) return node(key, value, t.left, t.right);
  return c < 0 ? balance(t.key, t.value, treeSet(t.left, key, value, compare), t.right) : balance(t.key, t.value, t.left, treeSet(t.right, key, value, compare));
};

const withoutMin = <K, V>(n: Node<K, V>): { min: Node<K, V>; rest: Tree<K, V> } => {
  if (n.left === null) return { min: n, rest: n.right };
  const { min, rest } = withoutMin(n.left);
  return { min, rest: balance(n.key, n.value, rest, n.right) };
};

export const treeDelete = <K, V>(t: Tree<K, V>, key: K, compare: Compare<K>): Tree<K, V> => {
  if (t === null) return null;
  const c = compare(key, t.key);
  if (c < 0) {
    const left = treeDelete(t.left, key, compare);
    return left === t.left ? t : balance(t.key, t.value, left, t.right);
  }
  if (c > 0) {
    const right = treeDelete(t.right, key, compare);
    return right === t.right ? t : balance(t.key, t.value, t.left, right);
  }
  if (t.left === null) return t.right;
  if (t.right === null) return t.left;
  const { min, rest } = withoutMin(t.right);
  return balance(min.key, min.value, t.left, rest);
};

/** Entries in key order, from the first key not below `from` (all when omitted); lazy, so a caller may stop early. */
export function* treeEntries<K, V>(t: Tree<K, V>, compare: Compare<K>, from?: K): Generator<[K, V]> {
  const stack: Array<Node<K, V>> = [];
  let at = t;
  while (at !== null) {
    if (from === undefined || compare(at.key, from) >= 0) {
      stack.push(at);
      at = at.left;
    } else at = at.right;
  }
  while (stack.length > 0) {
    const n = stack.pop()!;
    yield [n.key, n.value];
    for (let r = n.right; r !== null; r = r.left) stack.push(r);
  }
}
