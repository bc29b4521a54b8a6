import { parsePhoneNumberWithError, ParseError, validatePhoneNumberLength } from 'libphonenumber-js/core';
// The metadata's JS module form: the JSON form needs import attributes that Jest only warns about today.
import metadata from 'libphonenumber-js/min/metadata';

/** Separators people paste from spreadsheets; anything else (letters, `ext`, `;`) is rejected. */
const DIALABLE = /^\+?[\d\s().-]+$/;

export type PhoneNumberResult = { ok: true; value: string } | { ok: false; reason: string };

const PARSE_REASONS: Record<string, string> = {
  INVALID_COUNTRY: 'unknown country calling code',
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'invalid length',
  NOT_A_NUMBER: 'not a phone number',
};

/**
 * Accepts international numbers written with common separators (`+1 (415) 555-0123`) and returns
 * their E.164 form; a number without `+` has no country, so it is rejected rather than guessed.
 */
export const normalizePhoneNumber = (raw: unknown): PhoneNumberResult => {
  if (typeof raw !== 'string') return { ok: false, reason: 'must be a string' };
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (!DIALABLE.test(text)) return { ok: false, reason: 'not a phone number' };
  if (!text.startsWith('+')) {
    return { ok: false, reason: 'must be in E.164 format: + then the country code' };
  }
  try {
    const parsed = parsePhoneNumberWithError(text, { extract: false }, metadata);
    if (!parsed.isValid()) {
      const length = validatePhoneNumberLength(text, metadata);
      return { ok: false, reason: (length && PARSE_REASONS[length]) ?? 'not a valid number for its country' };
    }
    return { ok: true, value: parsed.number };
  } catch (error) {
    if (error instanceof ParseError) {
      return { ok: false, reason: PARSE_REASONS[error.message] ?? 'not a phone number' };
    }
    throw error;
  }
};

export type NumbersPartition = {
  /** Normalized, in input order, each once. */
  accepted: string[];
  /** Values already in the campaign or repeated earlier in this batch. */
  duplicates: number;
  invalid: Array<{ value: unknown; reason: string }>;
};

export const partitionNumbers = (
  existingNumbers: Pick<ReadonlySet<string>, 'has'>,
  rawValues: readonly unknown[],
): NumbersPartition => {
  const seen = new Set<string>();
  const result: NumbersPartition = { accepted: [], duplicates: 0, invalid: [] };
  for (const value of rawValues) {
    const normalized = normalizePhoneNumber(value);
    if (!normalized.ok) {
      result.invalid.push({ value, reason: normalized.reason });
    } else if (existingNumbers.has(normalized.value) || seen.has(normalized.value)) {
      result.duplicates += 1;
    } else {
      seen.add(normalized.value);
      result.accepted.push(normalized.value);
    }
  }
  return result;
};
