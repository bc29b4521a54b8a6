import DataLoader from 'dataloader';

/**
 * Many concurrent reads become one statement: loads asked for while a batch runs wait for the next
 * batch, which starts only once it runs alone. A load never joins a read that began before it was
 * asked for, so each answer is as fresh as a read of its own would be (read-your-writes holds), and
 * nothing is cached. `load` answers one value per key, in the keys' order.
 */
export function freshBatches<K, V>(load: (keys: readonly K[]) => Promise<readonly V[]>, maxBatchSize = 500): DataLoader<K, V> {
  // True from a batch's scheduling until the last queued batch has read: one read at a time, even
  // when more loads than one batch holds arrive in a single tick or while a read runs.
  let busy = false;
  const waiting: Array<() => void> = [];
  return new DataLoader<K, V>(
    async (keys) => {
      try {
        return await load(keys);
      } finally {
        const next = waiting.shift();
        if (next) next();
        else busy = false;
      }
    },
    {
      cache: false,
      maxBatchSize,
      // A new batch is created inside load(), before its key is added: dispatch later, never inline.
      batchScheduleFn: (dispatch) => {
        if (busy) {
          waiting.push(dispatch);
        } else {
          busy = true;
          queueMicrotask(dispatch);
        }
      },
    },
  );
}
