import { ValidationError } from '../../domain/shared/errors.js';

/** Opaque to clients: base64url of the JSON sort key of the last item of the previous page. */
export const encodeCursor = (key: readonly unknown[]): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

const invalid = (): ValidationError => new ValidationError([{ field: 'cursor', message: 'is not a cursor of this list' }]);

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

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export const isInstantIdKey = (value: unknown): value is readonly [string, string] =>
  Array.isArray(value) &&
  value.length === 2 &&
  typeof value[0] === 'string' &&
  ISO_INSTANT.test(value[0]) &&
  !Number.isNaN(Date.parse(value[0])) &&
  typeof value[1] === 'string';

export const isPositionIdKey = (value: unknown): value is readonly [number, string] =>
  Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string';
