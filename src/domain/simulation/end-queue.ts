/**
 * Dial ends by virtual time, earliest first, ties in the order they were pushed: a binary heap, so a
 * simulation of 100,000 numbers pays O(log n) per end instead of sorting its whole future.
 */
export type Timed<T> = Readonly<{ atMs: number; seq: number; item: T }>;

export type EndQueue<T> = { heap: Array<Timed<T>>; seq: number };

export const emptyEndQueue = <T>(): EndQueue<T> => ({ heap: [], seq: 0 });

const before = <T>(a: Timed<T>, b: Timed<T>): boolean => a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);

export const pushEnd = <T>(queue: EndQueue<T>, atMs: number, item: T): void => {
  const { heap } = queue;
  heap.push({ atMs, seq: queue.seq++, item });
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
};

export const nextEndAt = <T>(queue: EndQueue<T>): number | null => queue.heap[0]?.atMs ?? null;

const popEnd = <T>(queue: EndQueue<T>): T => {
  const { heap } = queue;
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < heap.length && before(heap[l]!, heap[least]!)) least = l;
      if (r < heap.length && before(heap[r]!, heap[least]!)) least = r;
      if (least === i) break;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  }
  return top.item;
};

/** Every end due at or before `nowMs`, in time order. */
export const popDueEnds = <T>(queue: EndQueue<T>, nowMs: number): T[] => {
  const due: T[] = [];
  while (queue.heap.length > 0 && queue.heap[0]!.atMs <= nowMs) due.push(popEnd(queue));
  return due;
};
