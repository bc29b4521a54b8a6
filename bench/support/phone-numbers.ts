/**
 * `count` distinct valid US numbers (+1 415 2xx-xxxx and up), none in the mock provider's
 * deterministic +1 NXX 555-01XX range, so the configured failure rate decides their outcomes.
 */
export const ordinaryNumbers = (count: number, offset = 0): string[] => {
  if (offset + count > 7_000_000) throw new RangeError('at most 7,000,000 generated numbers');
  return Array.from({ length: count }, (_, i) => `+1415${2_000_000 + offset + i}`);
};
