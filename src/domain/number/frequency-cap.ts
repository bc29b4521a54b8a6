import type { FieldError } from '../shared/errors.js';

/** At most `limit` dial attempts of one subject per rolling `windowMs`; `source` names the rule (e.g. `FREQUENCY_CAP`, `us-fl`). */
export type FrequencyCap = Readonly<{ limit: number; windowMs: number; source: string }>;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * The fold forgets claims older than this, so a number's state stays small however often it was
 * dialed; a cap with a longer window could not be counted and is refused.
 */
export const MAX_CAP_WINDOW_MS = 31 * UNIT_MS.d;

const CAP = /^(\d+)\s*\/\s*(\d+)\s*([smhd])$/;

export const validateFrequencyCap = (cap: FrequencyCap, field = 'caps'): FieldError[] => [
  ...(Number.isSafeInteger(cap.limit) && cap.limit >= 1 ? [] : [{ field, message: `limit must be an integer ≥ 1, got ${cap.limit}` }]),
  ...(Number.isSafeInteger(cap.windowMs) && cap.windowMs >= 1 && cap.windowMs <= MAX_CAP_WINDOW_MS
    ? []
    : [{ field, message: `window must be between 1 ms and ${MAX_CAP_WINDOW_MS / UNIT_MS.d} days` }]),
];

export type ParsedCap = { ok: true; cap: FrequencyCap | null } | { ok: false; reason: string };

/** `3/24h`, `1/7d`, `10/30m`: attempts / window. Empty or `off`: no cap. */
export const parseFrequencyCap = (text: string, source: string): ParsedCap => {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'off') return { ok: true, cap: null };
  const match = CAP.exec(trimmed);
  if (!match) return { ok: false, reason: 'must look like 3/24h: attempts / window in s, m, h or d (or off)' };
  const cap = { limit: Number(match[1]), windowMs: Number(match[2]) * UNIT_MS[match[3] as keyof typeof UNIT_MS], source };
  const errors = validateFrequencyCap(cap);
  return errors.length === 0 ? { ok: true, cap } : { ok: false, reason: errors.map((e) => e.message).join('; ') };
};
