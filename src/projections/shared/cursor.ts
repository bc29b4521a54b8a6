import { isE164 } from '../../domain/phone/e164.js';
import { ValidationError } from '../../domain/shared/errors.js';

/** Opaque to clients: base64url of the JSON sort key of the last item of the previous page. */
export const encodeCursor = (key: readonly unknown[]): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

const invalid = (): ValidationError => new ValidationError([{ field: 'cursor', message: 'is not a cursor of this list' }]);

/**
 * A cursor is client input: whatever it decodes to reaches SQL only if it is a key this API could have
 * issued (a real instant, an int4 position, a UUID), so a forged one is a 400, never a database error.
 */
export function decodeCursor<T extends readonly unknown[]>(cursor: string, isKey: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!isKey(value)) throw invalid();
  return value;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_INT4 = 2_147_483_647;

/** Date.parse rolls 2026-02-30 over to March 2; PostgreSQL refuses it. Only a date that reads back the same is real. */
const isRealInstant = (value: unknown): value is string => {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === value.slice(0, 19);
};

const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** For lists keyed by id alone (webhook subscriptions). */
export const isIdKey = (value: unknown): value is readonly [string] => Array.isArray(value) && value.length === 1 && isUuid(value[0]);

export const isInstantIdKey = (value: unknown): value is readonly [string, string] =>
  Array.isArray(value) && value.length === 2 && isRealInstant(value[0]) && isUuid(value[1]);

export const isPositionIdKey = (value: unknown): value is readonly [number, string] =>
  Array.isArray(value) &&
  value.length === 2 &&
  Number.isInteger(value[0]) &&
  value[0] >= 0 &&
  value[0] <= MAX_INT4 &&
  isUuid(value[1]);

/** For lists keyed by an instant and a phone number (the do-not-call list). */
export const isInstantPhoneKey = (value: unknown): value is readonly [string, string] =>
  Array.isArray(value) && value.length === 2 && isRealInstant(value[0]) && typeof value[1] === 'string' && isE164(value[1]);
