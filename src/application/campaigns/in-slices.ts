import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

const SLICE = 5_000;

/**
 * Parsing and naming 100,000 numbers is about 2 s of CPU. Done in slices with the event loop free in
 * between, so dials, provider webhooks and other requests served by the same process are not held
 * up for the whole import.
 */
export async function inSlices<T>(values: readonly T[], each: (slice: readonly T[], offset: number) => void): Promise<void> {
  for (let offset = 0; offset < values.length; offset += SLICE) {
    if (offset > 0) await yieldToEventLoop();
    each(values.slice(offset, offset + SLICE), offset);
  }
}
