const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH']);
/**
 * SQLSTATEs meaning "the server is not there for you right now": shutting down, starting, out of
 * connections, no such database, and 57014, a statement cancelled by `statement_timeout`.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '3D000', '57014']);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /Connection ended unexpectedly/i,
  /not queryable/i,
  /Timeout acquiring a connection/i,
  /not currently accepting connections/i,
];

type ErrorLike = { code?: unknown; name?: unknown; message?: unknown };

/** A PostgreSQL (pg / knex) error that a retry later may not meet: the database, not the request, failed. */
export const isDatabaseUnavailable = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, message } = error as ErrorLike;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) {
    return true;
  }
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // Node wraps several failed connection attempts (IPv4 + IPv6) in an AggregateError.
  return error instanceof AggregateError && error.errors.some(isDatabaseUnavailable);
};
