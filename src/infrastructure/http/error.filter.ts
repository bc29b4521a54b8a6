import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { TooManyNumbersError } from '../../application/campaigns/numbers-limit.js';
import { StaleVersionError } from '../../application/command-handling/command-handler.js';
import { ConcurrencyError, EventStoreUnavailableError } from '../../application/ports/event-store.port.js';
import { IllegalStateError, LimitExceededError, NotFoundError, ValidationError } from '../../domain/shared/errors.js';
import { isMissingReadModel } from '../../projections/shared/missing-read-model.js';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';

const RETRY_AFTER_SECONDS = 2;

type ErrorBody = { statusCode: number; error: string; message: string; details?: unknown };

const body = (statusCode: number, message: string, details?: unknown): ErrorBody => ({
  statusCode,
  error: STATUS_CODES[statusCode] ?? 'Error',
  message,
  ...(details === undefined ? {} : { details }),
});

/** Every error leaves in the DESIGN §3 shape; typed domain errors map to their status here and nowhere else. */
function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof ValidationError) return body(400, error.message, error.details);
  if (error instanceof NotFoundError) return body(404, error.message);
  if (error instanceof IllegalStateError) return body(409, error.message);
  if (error instanceof ConcurrencyError) return body(409, 'the resource changed concurrently; retry the request');
  if (error instanceof StaleVersionError) {
    return body(412, `If-Match: the resource is at version ${String(error.actual)}, not ${String(error.expected)}; fetch it again`);
  }
  if (error instanceof TooManyNumbersError) return body(413, error.message, { limit: error.limit });
  if (error instanceof LimitExceededError) return body(413, error.message, { limit: error.limit });
  if (error instanceof EventStoreUnavailableError) return body(503, 'event store unavailable; retry later');
  if (isDatabaseUnavailable(error)) return body(503, 'database unavailable; retry later');
  if (isMissingReadModel(error)) return body(503, 'read models are being built; retry later');
  if (error instanceof HttpException) {
    const fromParser = bodyParserError(error.cause);
    if (fromParser) return fromParser;
    const status = error.getStatus();
    const response = error.getResponse();
    if (typeof response === 'string') return body(status, response);
    const { message, details } = response as { message?: unknown; details?: unknown };
    const text = Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
    return body(status, text, details);
  }
  const parserError = bodyParserError(error);
  if (parserError) return parserError;
  return body(500, 'internal error');
}

/**
 * express's body parsers throw http-errors (400 bad JSON, 413 too large, 415 charset) before any route
 * runs; Nest wraps them in an HttpException whose cause is the original.
 */
function bodyParserError(error: unknown): ErrorBody | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status, expose, type, limit, message } = error as {
    status?: unknown;
    expose?: unknown;
    type?: unknown;
    limit?: unknown;
    message?: unknown;
  };
  if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) return null;
  if (type === 'entity.too.large') return body(413, `request body too large: at most ${String(limit)} bytes`, { limit });
  if (type === 'entity.parse.failed') return body(400, `malformed JSON body: ${String(message)}`);
  return body(status, String(message));
}

type ClassValidatorError = {
  property: string;
  constraints?: Record<string, string>;
  children?: ClassValidatorError[];
};

const childPath = (prefix: string, property: string): string =>
  prefix === '' ? property : /^\d+$/.test(property) ? `${prefix}[${property}]` : `${prefix}.${property}`;

const fieldErrors = (errors: readonly ClassValidatorError[], prefix = ''): { field: string; message: string }[] =>
  errors.flatMap((error) => {
    const field = childPath(prefix, error.property);
    return [
      ...Object.values(error.constraints ?? {}).map((message) => ({ field, message })),
      ...fieldErrors(error.children ?? [], field),
    ];
  });

/** For the global ValidationPipe: DTO errors leave as a 400 naming every field, nested ones by path. */
export const validationExceptionFactory = (errors: ClassValidatorError[]): ValidationError =>
  new ValidationError(fieldErrors(errors));

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const payload = toErrorBody(error);
    if (payload.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR) this.logger.error(error);
    // An outage is expected to pass: say when to come back rather than leave clients to guess.
    if (payload.statusCode === HttpStatus.SERVICE_UNAVAILABLE) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(payload.statusCode).json(payload);
  }
}
