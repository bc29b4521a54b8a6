import {
  ConcurrencyError,
  EventStoreUnavailableError,
  StreamNotFoundError,
} from '../../../application/ports/event-store.port.js';
import { isDatabaseUnavailable } from '../../database/database-unavailable.js';

type ErrorLike = { code?: unknown };

/** Our own errors pass through; driver errors that mean "no database" become EventStoreUnavailableError. */
export const translateError = (error: unknown): unknown => {
  if (
    error instanceof ConcurrencyError ||
    error instanceof StreamNotFoundError ||
    error instanceof EventStoreUnavailableError
  ) {
    return error;
  }
  if (isDatabaseUnavailable(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new EventStoreUnavailableError(`PostgreSQL event store unavailable: ${detail}`, { cause: error });
  }
  return error;
};

export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as ErrorLike).code === '23505';
