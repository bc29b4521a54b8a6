import {
  type AppendResult,
  ConcurrencyError,
  type ExpectedVersion,
  type NewEvent,
} from '../../../application/ports/event-store.port.js';
import { toPosition } from './event-row.mapper.js';

export type ExistingRow = Readonly<{ event_id: string; stream: string; stream_version: number; position: string; transaction_id: string }>;

export type AppendRequest = Readonly<{ stream: string; events: readonly NewEvent[]; expected: ExpectedVersion }>;

/** What one append of a group comes to, decided before anything is written. */
export type AppendDecision =
  | Readonly<{ kind: 'insert'; start: number }>
  | Readonly<{ kind: 'replayed'; result: AppendResult }>
  | Readonly<{ kind: 'conflict'; error: ConcurrencyError }>
  /** Shares an event id with an append earlier in the group: decided alone once the group has committed. */
  | Readonly<{ kind: 'after-group' }>;

export const matchesExpectation = (expected: ExpectedVersion, current: number | undefined): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === undefined;
  if (expected === 'stream_exists') return current !== undefined;
  return current === expected;
};

/** A retried append: the same ids, in the same order, already at the place the expectation names. */
export const replayedResult = (
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
  existing: readonly ExistingRow[],
): AppendResult | undefined => {
  const byId = new Map(existing.map((row) => [row.event_id, row]));
  const rows = events.map((event) => byId.get(event.id));
  const first = rows[0]?.stream_version;
  if (first === undefined) return undefined;
  const inPlace = rows.every((row, i) => row?.stream === stream && row.stream_version === first + i);
  const previous = first === 0 ? undefined : first - 1;
  if (!inPlace || !(expected === 'any' || matchesExpectation(expected, previous))) return undefined;
  const last = rows[rows.length - 1]!;
  return { nextExpectedVersion: last.stream_version, position: toPosition(last) };
};

/** One append against the stream's current version and the rows its event ids already have. */
export const decideAppend = (
  { stream, events, expected }: AppendRequest,
  current: number | undefined,
  existing: readonly ExistingRow[],
): Exclude<AppendDecision, { kind: 'after-group' }> => {
  const conflict = (): Exclude<AppendDecision, { kind: 'after-group' }> => ({ kind: 'conflict', error: new ConcurrencyError(stream, expected, current ?? 'no_stream') });
  if (existing.length > 0) {
    const replayed = existing.length === events.length ? replayedResult(stream, events, expected, existing) : undefined;
    return replayed ? { kind: 'replayed', result: replayed } : conflict();
  }
  if (!matchesExpectation(expected, current)) return conflict();
  return { kind: 'insert', start: current === undefined ? 0 : current + 1 };
};

/**
 * The appends of one transaction, in arrival order: each is checked against the version its stream
 * has after the appends before it, so two appends to one stream in a group behave as if serialised.
 * A conflict fails only its own append.
 */
export const decideGroup = (
  appends: readonly AppendRequest[],
  heads: ReadonlyMap<string, number | undefined>,
  existing: readonly ExistingRow[],
): AppendDecision[] => {
  const versions = new Map(heads);
  const existingById = new Map(existing.map((row) => [row.event_id, row]));
  const claimed = new Set<string>();
  return appends.map((append): AppendDecision => {
    if (append.events.some((event) => claimed.has(event.id))) return { kind: 'after-group' };
    const found = append.events.flatMap((event) => existingById.get(event.id) ?? []);
    const decision = decideAppend(append, versions.get(append.stream), found);
    if (decision.kind === 'insert') {
      versions.set(append.stream, decision.start + append.events.length - 1);
      append.events.forEach((event) => claimed.add(event.id));
    }
    return decision;
  });
};
