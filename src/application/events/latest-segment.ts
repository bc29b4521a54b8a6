import type { EventStore } from '../ports/event-store.port.js';
import { readStream } from './event-reader.js';

/**
 * The last opened segment of a stream cut into `<name>.1`, `<name>.2`…, 0 when none is (the first
 * segment has no number). Segments are opened in order, so it is found by doubling then bisecting:
 * O(log n) one-event reads.
 */
export const latestSegment = async (store: EventStore, streamOf: (segment: number) => string): Promise<number> => {
  const exists = async (segment: number) => (await readStream(store, streamOf(segment), { limit: 1 })).length > 0;
  let missing = 1;
  while (await exists(missing)) missing *= 2;
  let present = missing === 1 ? 0 : missing / 2;
  while (missing - present > 1) {
    const middle = Math.floor((present + missing) / 2);
    if (await exists(middle)) present = middle;
    else missing = middle;
  }
  return present;
};
