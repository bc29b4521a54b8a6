import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { CommandMeta } from '../../../application/campaigns/campaign-command.meta.js';
import { ValidationError } from '../../../domain/shared/errors.js';
import { actorOf } from '../api-key.guard.js';

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

const TOKEN = /^[\x21-\x7e]{1,128}$/;

/** Metadata for the events a request appends; `X-Correlation-Id` carries a client's own correlation through. */
export const commandMeta = (request: Request, idempotent: Readonly<{ requestId: string }> | null): CommandMeta => {
  const requestId = idempotent?.requestId ?? randomUUID();
  const correlation = request.header('x-correlation-id');
  return {
    requestId,
    correlationId: correlation !== undefined && TOKEN.test(correlation) ? correlation : requestId,
    actor: actorOf(request),
    deterministic: idempotent !== null,
  };
};
