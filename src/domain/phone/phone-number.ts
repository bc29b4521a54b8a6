import { parsePhoneNumberWithError, ParseError, validatePhoneNumberLength } from 'libphonenumber-js/core';
// The metadata's JS module form: the JSON form needs import attributes that Jest only warns about today.
import metadata from 'libphonenumber-js/min/metadata';
import { acceptE164 } from './e164-fast-path.js';

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

/** libphonenumber-js's verdict on a trimmed, dialable `+…` text (exported to check the fast path against it). */
export const parseWithLibrary = (text: string): PhoneNumberResult => {
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
  // Most imports are already E.164: accepted without libphonenumber's slow path (see the fast path for why it agrees).
  const e164 = acceptE164(text);
  if (e164 !== undefined) return { ok: true, value: e164 };
  return parseWithLibrary(text);
};

export type Partition<T> = {
  /** Normalized, in input order, each number once (its first value wins). */
  accepted: T[];
  /** Values already in the campaign or repeated earlier in this batch. */
  duplicates: number;
  invalid: Array<{ value: unknown; reason: string }>;
};

export type NumbersPartition = Partition<string>;

type Parse<T> = (raw: unknown) => { ok: true; value: T } | { ok: false; reason: string };

/** Splits raw values into accepted, duplicate (by the number `numberOf` reads) and invalid. */
export const partitionParsed = <T>(
  existingNumbers: Pick<ReadonlySet<string>, 'has'>,
  rawValues: readonly unknown[],
  parse: Parse<T>,
  numberOf: (value: T) => string,
): Partition<T> => {
  const seen = new Set<string>();
  const result: Partition<T> = { accepted: [], duplicates: 0, invalid: [] };
  for (const value of rawValues) {
    const parsed = parse(value);
    if (!parsed.ok) {
      result.invalid.push({ value, reason: parsed.reason });
      continue;
    }
    const number = numberOf(parsed.value);
    if (existingNumbers.has(number) || seen.has(number)) {
      result.duplicates += 1;
    } else {
      seen.add(number);
      result.accepted.push(parsed.value);
    }
  }
  return result;
};

export const partitionNumbers = (existingNumbers: Pick<ReadonlySet<string>, 'has'>, rawValues: readonly unknown[]): NumbersPartition =>
  partitionParsed(existingNumbers, rawValues, normalizePhoneNumber, (n) => n);
