import { freshBatches } from '../../../src/projections/shared/fresh-batches.js';

/** A read model whose reads the test finishes by hand: each batch sees the value current when it started. */
const heldStore = () => {
  let value = 1;
  const batches: Array<{ keys: readonly string[]; seen: number; done: boolean; finish(): void; fail(error: Error): void }> = [];
  const load = (keys: readonly string[]) =>
    new Promise<number[]>((resolve, reject) => {
      const seen = value;
      const batch = {
        keys,
        seen,
        done: false,
        finish: () => {
          batch.done = true;
          resolve(keys.map(() => seen));
        },
        fail: (error: Error) => {
          batch.done = true;
          reject(error);
        },
      };
      batches.push(batch);
    });
  return { load, batches, write: (next: number) => void (value = next) };
};

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('freshBatches', () => {
  it('answers loads asked for together with one read, each its own value', async () => {
    const reads: Array<readonly string[]> = [];
    const loader = freshBatches<string, string>(async (keys) => {
      reads.push(keys);
      return keys.map((k) => `stats of ${k}`);
    });
    expect(await Promise.all(['a', 'b', 'a'].map((k) => loader.load(k)))).toEqual(['stats of a', 'stats of b', 'stats of a']);
    expect(reads).toEqual([['a', 'b', 'a']]);
  });

  it('never answers a load from a read that began before it was asked for: a write in between is seen', async () => {
    const store = heldStore();
    const loader = freshBatches<string, number>(store.load);
    const early = loader.load('a');
    await settled();
    expect(store.batches).toHaveLength(1);
    store.write(2);
    const late = loader.load('a');
    const later = loader.load('b');
    await settled();
    // One read at a time: the late loads wait for the running one instead of starting their own.
    expect(store.batches).toHaveLength(1);
    store.batches[0]!.finish();
    expect(await early).toBe(1);
    await settled();
    expect(store.batches).toHaveLength(2);
    expect(store.batches[1]!.keys).toEqual(['a', 'b']);
    store.batches[1]!.finish();
    expect(await Promise.all([late, later])).toEqual([2, 2]);
  });

  it('fails only the loads of a failed read; the next read still runs', async () => {
    const store = heldStore();
    const loader = freshBatches<string, number>(store.load);
    const failing = loader.load('a');
    await settled();
    const next = loader.load('a');
    store.batches[0]!.fail(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await settled();
    store.batches[1]!.finish();
    expect(await next).toBe(1);
  });

  it('runs every batch when more loads arrive during a read than one batch holds', async () => {
    const store = heldStore();
    const loader = freshBatches<string, number>(store.load, 2);
    const first = loader.load('a');
    await settled();
    const rest = ['b', 'c', 'd'].map((k) => loader.load(k));
    await settled();
    store.batches[0]!.finish();
    await first;
    await settled();
    expect(store.batches.map((b) => b.keys)).toEqual([['a'], ['b', 'c']]);
    store.batches[1]!.finish();
    await settled();
    expect(store.batches.map((b) => b.keys)).toEqual([['a'], ['b', 'c'], ['d']]);
    store.batches[2]!.finish();
    expect(await Promise.all(rest)).toEqual([1, 1, 1]);
  });

  it('runs one read at a time when more loads than one batch holds arrive in a single tick', async () => {
    const store = heldStore();
    const loader = freshBatches<string, number>(store.load, 2);
    const loads = ['a', 'b', 'c', 'd', 'e'].map((k) => loader.load(k));
    for (const expected of [['a', 'b'], ['c', 'd'], ['e']]) {
      await settled();
      expect(store.batches.filter((b) => !b.done)).toHaveLength(1);
      expect(store.batches.at(-1)!.keys).toEqual(expected);
      store.batches.at(-1)!.finish();
    }
    expect(await Promise.all(loads)).toEqual([1, 1, 1, 1, 1]);
  });
});
