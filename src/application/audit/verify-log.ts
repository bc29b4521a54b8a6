import { type Violation, violation } from '../../domain/audit/audit-event.js';
import { DEFAULT_VERIFY_OPTIONS, type VerifyOptions } from '../../domain/audit/checks/check.js';
import { statsDifferences, type StatsRecount } from '../../domain/audit/stats-recount.js';
import { createVerification, withViolations, type VerificationResult } from '../../domain/audit/verification.js';
import { BUILTIN_RULES } from '../../domain/compliance/index.js';
import { comparePositions, formatPosition, type EventStore, type Position } from '../ports/event-store.port.js';
import { logPages, toAuditEvent } from './audit-log.js';

/** The stats read model, for the one check that reads it (invariant 5). */
export type StatsSource = Readonly<{
  /** The campaign's stats as the API answers them; null when the read model has no row. */
  statsOf(campaignId: string): Promise<Readonly<Record<string, unknown>> | null>;
  /** Whether the read model has taken in the log up to `position` (waiting a little for it). */
  caughtUp(position: Position): Promise<boolean>;
}>;

export type VerificationReport = Omit<VerificationResult, 'recounts'> &
  Readonly<{
    /** The last event verified: the log's head when verification began. */
    logHead: string | null;
    ruleSetVersion: string;
    options: VerifyOptions;
    recounts: Readonly<Record<string, StatsRecount>>;
    /** What could not be checked, and why. */
    notes: readonly string[];
  }>;

export type VerifyRequest = Readonly<{
  campaignIds?: readonly string[];
  options?: Partial<VerifyOptions>;
  stats?: StatsSource;
  onProgress?: (events: number) => void;
}>;

/** Proves the invariants from the log alone, up to its head when called (see domain/audit). */
export async function verifyLog(store: EventStore, request: VerifyRequest = {}): Promise<VerificationReport> {
  const verification = createVerification(request.options, request.campaignIds);
  const head = await store.headPosition();
  let events = 0;
  for await (const page of logPages(store, head)) {
    for (const recorded of page) verification.observe(toAuditEvent(recorded));
    events += page.length;
    request.onProgress?.(events);
  }
  let result = verification.finish();
  const notes: string[] = [];
  if (request.stats && head !== null) {
    const compared = await compareStats(store, request.stats, result, head);
    notes.push(...compared.notes);
    result = withViolations(result, compared.violations);
  } else notes.push('stats: not compared (no read model given)');
  return toReport(result, head === null ? null : formatPosition(head), { ...verificationOptions(request.options) }, notes);
}

const verificationOptions = (options: Partial<VerifyOptions> | undefined): VerifyOptions => ({ ...DEFAULT_VERIFY_OPTIONS, ...options });

export const toReport = (result: VerificationResult, logHead: string | null, options: VerifyOptions, notes: readonly string[]): VerificationReport => ({
  ...result,
  logHead,
  ruleSetVersion: BUILTIN_RULES.version,
  options,
  recounts: Object.fromEntries(result.recounts),
  notes,
});

async function compareStats(store: EventStore, source: StatsSource, result: VerificationResult, head: Position): Promise<{ violations: Violation[]; notes: string[] }> {
  if (result.campaigns.length === 0) return { violations: [], notes: [] };
  if (!(await source.caughtUp(head))) return { violations: [], notes: [`stats: not compared (the read model has not reached ${formatPosition(head)} yet)`] };
  const violations: Violation[] = [];
  const notes: string[] = [];
  for (const campaignId of result.campaigns) {
    const stored = await source.statsOf(campaignId);
    const recount = result.recounts.get(campaignId);
    if (stored === null || recount === undefined) {
      notes.push(`stats: campaign ${campaignId} has no stats row (deleted?)`);
      continue;
    }
    const differences = statsDifferences(recount, stored);
    if (differences.length > 0 && (await moved(store, head))) {
      notes.push(`stats: campaign ${campaignId} not compared (the log moved on while it was verified: ${differences.join('; ')})`);
    } else if (differences.length > 0) violations.push(violation('stats', campaignId, `stats differ from the log: ${differences.join('; ')}`, []));
  }
  return { violations, notes };
}

/** The read model may already show events after `head`: a difference then proves nothing. */
const moved = async (store: EventStore, head: Position): Promise<boolean> => {
  const now = await store.headPosition();
  return now !== null && comparePositions(now, head) !== 0;
};
