const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes in a day; an `end` of `24:00` means the midnight that closes the start day. */
export const END_OF_DAY_MINUTES = 24 * 60;

/** Minutes after local midnight for a strict `HH:mm` (00:00–23:59), or null when malformed. */
export function parseTimeOfDay(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const match = HH_MM.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Like {@link parseTimeOfDay}, and also accepts `24:00`, so a window can cover a whole day. */
export function parseWindowEnd(text: unknown): number | null {
  return text === '24:00' ? END_OF_DAY_MINUTES : parseTimeOfDay(text);
}
