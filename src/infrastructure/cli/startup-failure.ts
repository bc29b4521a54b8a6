import { ConfigError } from '../config/app-config.js';
import { maskPhoneNumbers, revealsPersonalData } from '../logging/personal-data.js';

type SystemError = Error & { code?: string; port?: number; address?: string };

/** The port the service could not take, and which variables choose another. */
const portProblem = (error: SystemError): string | null => {
  const where = `${error.address ?? 'the address'}:${error.port ?? '?'}`;
  if (error.code === 'EADDRINUSE') return `port ${where} is already in use: set PORT (or HOST) to a free one`;
  if (error.code === 'EACCES') return `not allowed to listen on ${where}: set PORT above 1023 (or HOST)`;
  if (error.code === 'EADDRNOTAVAIL') return `${where} is not an address of this machine: set HOST to one of its addresses`;
  return null;
};

/**
 * What a person starting the service reads when it cannot start: one line per problem, naming the
 * variable to change. The stack only with LOG_LEVEL=debug or trace — for the rest it is noise that
 * hides the line that matters.
 */
export function describeStartupFailure(error: unknown, logLevel: string | undefined): string[] {
  const stack = revealsPersonalData(logLevel ?? '') && error instanceof Error && error.stack ? [error.stack] : [];
  if (error instanceof ConfigError) {
    const [, ...problems] = error.message.split('\n').map((line) => line.trim());
    return [...problems.map((problem) => `invalid configuration: ${problem}`), ...stack];
  }
  const port = error instanceof Error ? portProblem(error as SystemError) : null;
  if (port) return [port, ...stack];
  const message = error instanceof Error ? error.message : String(error);
  return [`cannot start: ${maskPhoneNumbers(message.split('\n')[0] ?? '')}`, ...stack];
}
