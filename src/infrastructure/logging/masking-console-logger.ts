import type { ConsoleLoggerOptions } from '@nestjs/common';
import { IsoConsoleLogger } from './iso-console-logger.js';
import { maskPhoneNumbers } from './personal-data.js';

/** A copy with message and stack masked; its other fields pass through Nest's property redaction. */
const maskedError = (error: Error): Error =>
  Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Error, error, {
    name: error.name,
    message: maskPhoneNumbers(error.message),
    stack: error.stack === undefined ? undefined : maskPhoneNumbers(error.stack),
  });

/**
 * Driver fields that quote the data: PostgreSQL's `detail` ("Failing row contains (…)") and
 * `where`, knex's `bindings` on a timed-out query.
 */
const QUOTING_FIELDS = ['detail', 'where', 'bindings'];

const masked = (value: unknown): unknown => {
  if (typeof value === 'string') return maskPhoneNumbers(value);
  if (value instanceof Error) return maskedError(value);
  if (value === null || typeof value !== 'object') return value;
  try {
    return JSON.parse(maskPhoneNumbers(JSON.stringify(value))) as unknown;
  } catch {
    return '[unserialisable value withheld]';
  }
};

/**
 * Nest's console logger with phone numbers masked in every message, error and stack, and driver
 * fields that quote rows withheld. Campaign names and other bound values stay out of error
 * messages because knex no longer inlines them (createKnex). Used unless LOG_LEVEL is debug or trace.
 */
export class MaskingConsoleLogger extends IsoConsoleLogger {
  constructor(options: Omit<ConsoleLoggerOptions, 'redact'>) {
    super({ ...options, redact: QUOTING_FIELDS });
  }

  protected override redact(value: unknown): unknown {
    return masked(super.redact(value));
  }

  // Nest calls this after every error() and checks for a stack itself: `logger.error(error)` has
  // none. Throwing here would throw out of the HTTP error filter, and express would answer any 5xx
  // (a 503 included) with its own HTML 500.
  protected override printStackTrace(stack: string | undefined): void {
    if (stack) super.printStackTrace(maskPhoneNumbers(stack));
  }
}
