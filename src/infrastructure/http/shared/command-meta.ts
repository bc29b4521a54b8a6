import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { CommandMeta } from '../../../application/shared/command-meta.js';
import { actorOf } from '../api-key.guard.js';

const TOKEN = /^[\x21-\x7e]{1,128}$/;

/**
 * Metadata for the events a request appends: `idempotent` is the request id its Idempotency-Key stands
 * for, if any. `X-Correlation-Id` carries a client's own correlation through.
 */
export const commandMeta = (request: Request, idempotent: Readonly<{ requestId: string }> | null = null): CommandMeta => {
  const requestId = idempotent?.requestId ?? randomUUID();
  const correlation = request.header('x-correlation-id');
  return {
    requestId,
    correlationId: correlation !== undefined && TOKEN.test(correlation) ? correlation : requestId,
    actor: actorOf(request),
    deterministic: idempotent !== null,
  };
};
