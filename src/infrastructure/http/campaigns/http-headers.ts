import { ValidationError } from '../../../domain/shared/errors.js';

export const etag = (version: number): string => `"${version}"`;

const IF_MATCH = /^\s*(?:W\/)?"?(\d+)"?\s*$/;

/**
 * `If-Match: "<version>"` (the ETag of an earlier response) → the version the command must find.
 * Absent or `*`: no precondition, the command retries concurrent conflicts on its own.
 */
export const parseIfMatch = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '*') return undefined;
  const match = IF_MATCH.exec(value);
  if (!match) throw new ValidationError([{ field: 'If-Match', message: 'must be an ETag of this API, e.g. "3"' }]);
  return Number(match[1]);
};
