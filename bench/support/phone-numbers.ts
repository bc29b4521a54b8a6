import { DateTime } from 'luxon';

/**
 * `count` distinct valid US numbers (+1 415 2xx-xxxx and up), none in the mock provider's
 * deterministic +1 NXX 555-01XX range, so the configured failure rate decides their outcomes.
 */
export const ordinaryNumbers = (count: number, offset = 0): string[] => {
  if (offset + count > 7_000_000) throw new RangeError('at most 7,000,000 generated numbers');
  return Array.from({ length: count }, (_, i) => `+1415${2_000_000 + offset + i}`);
};

const US_ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'];
const OTHER_ZONES = ['Europe/London', 'Europe/Berlin', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo'];

/**
 * Zones where it is 09:00–18:00 now, so a campaign of a few minutes stays inside the built-in hours
 * of its +1 415 (California: federal hours every day, no Sunday ban) numbers: US zones when the US
 * is awake, else zones elsewhere (a US number with an explicit zone is gated by the US rules in
 * that zone, the same work for the gate).
 */
export const zonesInsideHours = (at: Date = new Date()): string[] => {
  const open = (zone: string) => {
    const local = DateTime.fromJSDate(at, { zone });
    return local.hour >= 9 && local.hour < 18;
  };
  const us = US_ZONES.filter(open);
  return us.length > 0 ? us : OTHER_ZONES.filter(open);
};

/** `ordinaryNumbers` as number objects, each with an explicit zone, spread over `zones` in turn. */
export const numbersInZones = (count: number, zones: readonly string[]): Array<{ phoneNumber: string; timezone: string }> =>
  ordinaryNumbers(count).map((phoneNumber, i) => ({ phoneNumber, timezone: zones[i % zones.length]! }));
