import type { Instant } from '../shared/event.js';

/**
 * An event as the audit reads it: whatever its type (older or newer than this code), with where it
 * sits in the log. `recordedAt` is the writer's clock when it decided (metadata), not the store's.
 */
export type AuditEvent = Readonly<{
  type: string;
  data: Readonly<Record<string, unknown>>;
  stream: string;
  streamVersion: number;
  /** `commit/prepare`, as the audit trail shows it; events of one append share `commit`. */
  globalPosition: string;
  recordedAt: Instant;
}>;

/** Where a violation can be seen in the log. */
export type Evidence = Readonly<{ stream: string; version: number; globalPosition: string; type: string; recordedAt: Instant }>;

export const evidenceOf = (event: AuditEvent): Evidence => ({
  stream: event.stream,
  version: event.streamVersion,
  globalPosition: event.globalPosition,
  type: event.type,
  recordedAt: event.recordedAt,
});

export const CHECKS = [
  { id: 'cap', invariant: 1, title: 'calls in flight never exceed the campaign cap' },
  { id: 'schedule', invariant: 2, title: 'no attempt outside the campaign schedule' },
  { id: 'retry-first', invariant: 3, title: 'a due retry is dialed before any never-attempted number' },
  { id: 'attempt-once', invariant: 4, title: 'each attempt is recorded once, none after the call ended' },
  { id: 'terminal', invariant: 4, title: 'every number of a completed campaign is terminal' },
  { id: 'stats', invariant: 5, title: 'the stats read model equals a recount of the log' },
  { id: 'recipient-hours', invariant: 8, title: "no attempt outside the recipient's hours" },
  { id: 'do-not-call', invariant: 9, title: 'no dial after a do-not-call entry or opt-out' },
  { id: 'frequency-cap', invariant: 10, title: 'dial claims per number and subject stay under the frequency caps' },
  { id: 'global-pacing', invariant: 11, title: 'calls in flight across every campaign stay under the global cap' },
  { id: 'dial-rate', invariant: 11, title: 'no rolling second holds more dial requests than the calls-per-second budget' },
  { id: 'answered', invariant: 12, title: 'an answered call is never recorded unanswered nor re-dialed' },
] as const;

export type CheckId = (typeof CHECKS)[number]['id'];

export type Violation = Readonly<{
  check: CheckId;
  invariant: number;
  /** The campaign it concerns; null for single calls and numbers no campaign claimed. */
  campaignId: string | null;
  message: string;
  evidence: readonly Evidence[];
}>;

export const violation = (check: CheckId, campaignId: string | null, message: string, evidence: readonly Evidence[]): Violation => ({
  check,
  invariant: CHECKS.find((c) => c.id === check)!.invariant,
  campaignId,
  message,
  evidence,
});

/** `campaign-<uuid>` → `campaign`; `dialer-single.2` → `dialer`. */
export const categoryOf = (stream: string): string => stream.slice(0, Math.max(0, stream.indexOf('-')));

/** The id after the category; dialer segments (`dialer-single.2`) name their dialer. */
export const streamId = (stream: string): string => {
  const id = stream.slice(stream.indexOf('-') + 1);
  return categoryOf(stream) === 'dialer' ? id.replace(/\.\d+$/, '') : id;
};

/** The transaction part of a position: events with the same one were appended together. */
export const commitOf = (globalPosition: string): string => globalPosition.slice(0, globalPosition.indexOf('/'));

export const str = (data: Readonly<Record<string, unknown>>, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
};

export const num = (data: Readonly<Record<string, unknown>>, key: string): number | undefined => {
  const value = data[key];
  return typeof value === 'number' ? value : undefined;
};

export const obj = (data: Readonly<Record<string, unknown>>, key: string): Readonly<Record<string, unknown>> | undefined => {
  const value = data[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
};

export const arr = (data: Readonly<Record<string, unknown>>, key: string): ReadonlyArray<Readonly<Record<string, unknown>>> => {
  const value = data[key];
  return Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
};
