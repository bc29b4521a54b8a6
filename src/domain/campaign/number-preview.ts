import { recipientWindow, resolveZones, type ComplianceMode, type RecipientHours } from '../compliance/index.js';
import { partitionNumberEntries } from '../phone/number-entry.js';

export type ZonePreview = { zones: string; numbers: number; dialableNow: number; nextOpenAt: string | null };

export type NumberPreview = {
  total: number;
  valid: number;
  duplicates: number;
  invalid: number;
  /** The first few refused values, with why. */
  invalidSamples: Array<{ value: unknown; reason: string }>;
  doNotCall: number;
  /** Valid, not listed, and inside their local hours at `at`. */
  dialableNow: number;
  /** Valid, not listed, outside their local hours at `at`: they wait, they are not dropped. */
  waiting: number;
  byZone: ZonePreview[];
  at: string;
};

const resolvable = (entry: Parameters<typeof resolveZones>[0]) => {
  try {
    return resolveZones(entry);
  } catch {
    return null;
  }
};

export type PreviewOptions = Readonly<{ recipientHours?: RecipientHours; complianceRules?: ComplianceMode; samples?: number }>;

/**
 * What a campaign would make of these numbers if launched at `now`: the same partition as adding
 * them, the do-not-call entries among them, and each number's recipient window by its resolved zones.
 * Numbers with the same zones, states and location answer the same, so each group is asked once.
 */
export function previewNumbers(values: readonly unknown[], listed: (phoneNumber: string) => boolean, options: PreviewOptions, now: Date): NumberPreview {
  const partition = partitionNumberEntries(new Set(), values);
  const preview: NumberPreview = {
    total: values.length,
    valid: partition.accepted.length,
    duplicates: partition.duplicates,
    invalid: partition.invalid.length,
    invalidSamples: partition.invalid.slice(0, options.samples ?? 20),
    doNotCall: 0,
    dialableNow: 0,
    waiting: 0,
    byZone: [],
    at: now.toISOString(),
  };
  const groups = new Map<string, ZonePreview>();
  const windows = new Map<string, { open: boolean; nextOpenAt: string | null }>();
  for (const entry of partition.accepted) {
    if (listed(entry.phoneNumber)) {
      preview.doNotCall += 1;
      continue;
    }
    const resolution = resolvable(entry);
    if (!resolution) {
      preview.valid -= 1;
      preview.invalid += 1;
      if (preview.invalidSamples.length < (options.samples ?? 20)) preview.invalidSamples.push({ value: entry, reason: 'timezone: not an IANA region time zone' });
      continue;
    }
    const zones = resolution.zones.length === 0 ? 'unknown' : resolution.zones.join(', ');
    const key = `${zones}|${resolution.country}|${resolution.states.map((s) => s.state).join(',')}`;
    let window = windows.get(key);
    if (!window) {
      const answer = recipientWindow(resolution, options, now);
      window = { open: answer.open, nextOpenAt: answer.open ? null : (answer.nextOpenAt?.toISOString() ?? null) };
      windows.set(key, window);
    }
    const group = groups.get(zones) ?? { zones, numbers: 0, dialableNow: 0, nextOpenAt: null };
    group.numbers += 1;
    if (window.open) group.dialableNow += 1;
    else if (window.nextOpenAt && (!group.nextOpenAt || window.nextOpenAt < group.nextOpenAt)) group.nextOpenAt = window.nextOpenAt;
    groups.set(zones, group);
    if (window.open) preview.dialableNow += 1;
    else preview.waiting += 1;
  }
  preview.byZone = [...groups.values()].sort((a, b) => b.numbers - a.numbers || a.zones.localeCompare(b.zones));
  return preview;
}
