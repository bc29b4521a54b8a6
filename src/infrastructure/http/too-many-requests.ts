import { HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';

/** 429 in the error shape, with the Retry-After a client needs to back off (DESIGN §3). */
export const tooManyRequests = (response: Response, retryAfterMs: number, message: string): HttpException => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  response.setHeader('Retry-After', String(seconds));
  return new HttpException(`${message}; retry after ${seconds} s`, HttpStatus.TOO_MANY_REQUESTS);
};
