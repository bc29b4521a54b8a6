import {
  DeadlineExceededError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  EventStoreUnavailableError,
  type ExpectedVersion,
  StreamNotFoundError,
} from '../../../application/ports/event-store.port.js';
import { toActualVersion } from './eventstoredb.mapper.js';

/** gRPC status codes: DEADLINE_EXCEEDED and UNAVAILABLE. */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/**
 * The client throws its own UnavailableError from reads, but a plain gRPC Error with `code: 14` from
 * appends (batch append does not convert it), so both the class and the status code count.
 */
export const isUnavailable = (error: unknown): boolean => {
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { code?: unknown };
  return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED;
};

export type AppendContext = Readonly<{ stream: string; expected: ExpectedVersion }>;

/** Our own errors pass through; driver errors become ours; anything else is left as it is. */
export const translateError = (error: unknown, append?: AppendContext): unknown => {
  if (
    error instanceof ConcurrencyError ||
    error instanceof StreamNotFoundError ||
    error instanceof EventStoreUnavailableError
  ) {
    return error;
  }
  if (error instanceof WrongExpectedVersionError) {
    const stream = append?.stream ?? error.streamName;
    return new ConcurrencyError(stream, append?.expected ?? 'any', toActualVersion(error.actualVersion));
  }
  if (error instanceof EsdbStreamNotFoundError) return new StreamNotFoundError(error.streamName);
  if (isUnavailable(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new EventStoreUnavailableError(`EventStoreDB unavailable: ${detail}`, { cause: error });
  }
  return error;
};

/**
 * Settles like `operation`, or rejects with EventStoreUnavailableError after `ms`. The client sets no
 * deadline on its server-features probe nor on batch appends, so a peer that accepts the connection
 * and never answers would otherwise hang the caller forever.
 */
export const withDeadline = <T>(operation: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EventStoreUnavailableError(`EventStoreDB did not answer ${what} within ${ms} ms`)),
      ms,
    );
  });
  operation.catch(() => undefined); // a late failure after the deadline must not go unhandled
  return Promise.race([operation, expired]).finally(() => clearTimeout(timer));
};
