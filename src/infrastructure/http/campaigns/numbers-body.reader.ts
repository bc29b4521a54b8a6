import { UnsupportedMediaTypeException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { ValidationError } from '../../../domain/shared/errors.js';
import { validationExceptionFactory } from '../error.filter.js';
import { hashJsonBody } from '../idempotency/idempotency-key.js';
import { readCsvNumbers } from './csv-numbers.reader.js';
import { AddNumbersRequestDto } from './dto/add-numbers.request.dto.js';

export type NumbersBody = Readonly<{ values: readonly unknown[]; hash: string }>;

/**
 * A CSV body refused part-way is left unread: the answer closes the connection, so the client cannot
 * make the server take in (or keep the connection open for) the rest of the upload.
 */
const readCsvOrHangUp = async (request: Request): Promise<NumbersBody> => {
  try {
    return await readCsvNumbers(request);
  } catch (error) {
    request.res?.setHeader('Connection', 'close');
    throw error;
  }
};

/** The route takes JSON or CSV, so it validates its body here rather than through the global pipe. */
export async function readNumbersBody(request: Request): Promise<NumbersBody> {
  if (request.is(['text/csv', 'application/csv', 'text/plain'])) return readCsvOrHangUp(request);
  if (!request.is(['application/json', '+json'])) {
    throw new UnsupportedMediaTypeException('Content-Type must be application/json or text/csv');
  }
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError([{ field: 'body', message: 'must be a JSON object: { "phoneNumbers": [...] }' }]);
  }
  const dto = plainToInstance(AddNumbersRequestDto, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationExceptionFactory(errors);
  return { values: dto.phoneNumbers, hash: hashJsonBody(body) };
}
