import { UnsupportedMediaTypeException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { MAX_DNC_NUMBERS_PER_REQUEST } from '../../../application/do-not-call/add-to-do-not-call.handler.js';
import { ValidationError } from '../../../domain/shared/errors.js';
import { readCsvNumbers } from '../campaigns/csv-numbers.reader.js';
import { validationExceptionFactory } from '../error.filter.js';
import { hashJsonBody } from '../idempotency/idempotency-key.js';
import { AddToDoNotCallCsvQueryDto, AddToDoNotCallRequestDto } from './dto/add-to-do-not-call.request.dto.js';

export type DoNotCallBody = Readonly<{
  values: readonly unknown[];
  reason: string;
  expiresAt: string | null;
  source: 'api' | 'csv';
  hash: string;
}>;

const validated = async <T extends object>(dto: T): Promise<T> => {
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationExceptionFactory(errors);
  return dto;
};

/** A CSV row with contact columns reads as `{ phoneNumber, name, … }`; the list keeps only the number. */
const phoneOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && 'phoneNumber' in value ? value.phoneNumber : value;

const toInstant = (value: string | undefined): string | null => (value === undefined ? null : new Date(value).toISOString());

/** JSON `{ phoneNumbers, reason, expiresAt? }`, or CSV numbers with `?reason=&expiresAt=`. */
export async function readDoNotCallBody(request: Request): Promise<DoNotCallBody> {
  if (request.is(['text/csv', 'application/csv', 'text/plain'])) {
    const query = await validated(plainToInstance(AddToDoNotCallCsvQueryDto, request.query));
    if (query.reason === undefined) throw new ValidationError([{ field: 'reason', message: 'required as a query parameter with a CSV body' }]);
    const { values, hash } = await readCsvNumbers(request, MAX_DNC_NUMBERS_PER_REQUEST);
    const expiresAt = toInstant(query.expiresAt);
    return { values: values.map(phoneOf), reason: query.reason, expiresAt, source: 'csv', hash: `${hash}|${query.reason}|${expiresAt}` };
  }
  if (!request.is(['application/json', '+json'])) {
    throw new UnsupportedMediaTypeException('Content-Type must be application/json or text/csv');
  }
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError([{ field: 'body', message: 'must be a JSON object: { "phoneNumbers": [...], "reason": "..." }' }]);
  }
  const dto = await validated(plainToInstance(AddToDoNotCallRequestDto, body));
  return { values: dto.phoneNumbers, reason: dto.reason, expiresAt: toInstant(dto.expiresAt), source: 'api', hash: hashJsonBody(body) };
}
