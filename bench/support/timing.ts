import { setTimeout as sleep } from 'node:timers/promises';

export const now = (): number => performance.now();

/** Runs `work` and returns its result with the elapsed milliseconds. */
export const timed = async <T>(work: () => Promise<T> | T): Promise<{ result: T; ms: number }> => {
  const start = now();
  const result = await work();
  return { result, ms: now() - start };
};

/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
};

/** Polls `check` until it returns a value (not undefined); the time is the caller's to take. */
export const pollUntil = async <T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: Readonly<{ timeoutMs: number; everyMs: number }>,
): Promise<T> => {
  const deadline = now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}`);
    await sleep(options.everyMs);
  }
};

/** Runs `count` tasks with at most `concurrency` at once. */
export const runPool = async (count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
};
