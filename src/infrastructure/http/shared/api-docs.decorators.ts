import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorResponseDto } from '../error.response.dto.js';
import { IDEMPOTENCY_KEY_HEADER } from '../idempotency/idempotency-key.js';
import { READ_MODEL_LAG_HEADER } from './read-your-writes.js';

const ERRORS: Record<number, string> = {
  400: 'Invalid input: the message and `details` name every bad field (path params, query, headers, body).',
  401: 'Missing or invalid `x-api-key` (only when API_KEYS is set).',
  404: 'No campaign (or call) with this id, or it was deleted.',
  409: 'Illegal transition for the current status, e.g. starting a completed campaign.',
  412: 'If-Match names a version the campaign is no longer at: fetch it again.',
  413: 'Body too large, or more phone numbers than allowed per request (the limit is named).',
  415: 'Content-Type is neither application/json nor text/csv.',
  422: 'Idempotency-Key already used with a different request.',
  429: 'Rate limit exceeded (RATE_LIMIT_PER_MINUTE per client); see Retry-After.',
  503: 'Database or event store unavailable: nothing was stored; retry later.',
};

/** Every error response in the DESIGN §3 shape; 400, 401, 429 and 503 apply to every route. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...[400, 401, 429, 503, ...statuses].map((status) =>
      ApiResponse({ status, description: ERRORS[status], type: ErrorResponseDto }),
    ),
  );

export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Any unique string (a UUID): a retry with the same key and body gets the first response again ' +
      '(header Idempotent-Replayed: true) and changes nothing; the same key with another body is a 422.',
  });

/** For the `headers` of a command's success response. */
export const READ_MODEL_LAG_HEADER_DOC = {
  [READ_MODEL_LAG_HEADER]: {
    description:
      'Only when the read models did not catch up with this write within 5 s: the write is durable, ' +
      'but an immediate GET may not show it yet.',
    schema: { type: 'string', example: 'true' },
  },
};

/**
 * Schema options for a property that is either an object of `type` or null. Not `nullable` beside
 * a $ref: OpenAPI 3.0 validators ignore it there and still demand an object, so null is its own
 * branch. swagger.ts lists `type` in `extraModels`, since nothing else names it.
 */
export const nullableObject = (type: Function) => ({ // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  oneOf: [{ $ref: getSchemaPath(type) }, { type: 'object' as const, nullable: true, enum: [null] }],
});
