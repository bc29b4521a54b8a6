import DataLoader from 'dataloader';

/**
 * Many concurrent reads become one statement: loads asked for while a batch runs wait for the next
 * batch, which starts only once it runs alone. A load never joins a read that began before it was
 * asked for, so each answer is as fresh as a read of its own would be (read-your-writes holds), and
 * nothing is cached. `load` answers one value per key, in the keys' order.
 */
export function freshBatches<K, V>(load: (keys: readonly K[]) => Promise<readonly V[]>, maxBatchSize = 500): DataLoader<K, V> {
  let running = false;
  // More loads than one batch holds may arrive while a read runs: each full batch waits its turn.
  const waiting: Array<() => void> = [];
  return new DataLoader<K, V>(
    async (keys) => {
      running = true;
      try {
        return await load(keys);
      } finally {
        running = false;
        waiting.shift()?.();
      }
    },
    {
      cache: false,
      maxBatchSize,
      // A new batch is created inside load(), before its key is added: dispatch later, never inline.
      batchScheduleFn: (dispatch) => {
        if (running || waiting.length > 0) waiting.push(dispatch);
        else queueMicrotask(dispatch);
      },
    },
  );
}
