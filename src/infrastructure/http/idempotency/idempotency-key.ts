import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { ValidationError } from '../../../domain/shared/errors.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

const REQUEST_ID_NAMESPACE = '5f7a3c1e-8d2b-4e6f-a0c9-1b3d5e7f9a24';
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The header's value, or undefined when absent; a malformed key is a 400 naming the header. */
export const parseIdempotencyKey = (value: string | string[] | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY_FORMAT.test(value)) {
    throw new ValidationError([
      { field: IDEMPOTENCY_KEY_HEADER, message: 'must be 1 to 255 visible ASCII characters, e.g. a UUID' },
    ]);
  }
  return value;
};

/**
 * The request id a key and body stand for: what its events are caused by and what their ids derive
 * from. The body is part of it so that a key reused for another body (after it expired) never
 * collides with the first request's events and is mistaken for a retry.
 */
export const requestIdFor = (scope: string, key: string, requestHash: string): string =>
  uuidv5(`${scope}\n${key}\n${requestHash}`, REQUEST_ID_NAMESPACE);

/** Key order does not change a JSON body's meaning, so it does not change its hash either. */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

export const hashJsonBody = (body: unknown): string =>
  createHash('sha256').update(canonicalJson(body ?? null)).digest('hex');
