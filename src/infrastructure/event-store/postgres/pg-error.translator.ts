import {
  ConcurrencyError,
  EventStoreUnavailableError,
  StreamNotFoundError,
} from '../../../application/ports/event-store.port.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH']);
/** SQLSTATE classes/codes meaning "the server is not there for you right now". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000']);
const UNAVAILABLE_MESSAGES = [/Connection terminated/i, /not queryable/i, /Timeout acquiring a connection/i];

type ErrorLike = { code?: unknown; name?: unknown; message?: unknown };

export const isUnavailable = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, message } = error as ErrorLike;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) {
    return true;
  }
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // Node wraps several failed connection attempts (IPv4 + IPv6) in an AggregateError.
  return error instanceof AggregateError && error.errors.some(isUnavailable);
};

/** Our own errors pass through; driver errors that mean "no database" become EventStoreUnavailableError. */
export const translateError = (error: unknown): unknown => {
  if (
    error instanceof ConcurrencyError ||
    error instanceof StreamNotFoundError ||
    error instanceof EventStoreUnavailableError
  ) {
    return error;
  }
  if (isUnavailable(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new EventStoreUnavailableError(`PostgreSQL event store unavailable: ${detail}`, { cause: error });
  }
  return error;
};

export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as ErrorLike).code === '23505';
