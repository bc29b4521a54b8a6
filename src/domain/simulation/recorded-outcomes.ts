import type { CallOutcome } from '../call/call.events.js';

/**
 * How one recorded attempt ended, how long it took (from `CallAttempted` to its outcome), and how
 * much longer the dialer held its slot around that: `beforeMs` from taking the slot to the attempt
 * being recorded, `afterMs` from the outcome to the slot being freed. A replay spends them too.
 */
export type RecordedAttempt = Readonly<{ outcome: CallOutcome | 'skipped'; durationMs: number; beforeMs?: number; afterMs?: number }>;

/**
 * What the log says each call did, attempt by attempt (index 0 = attempt 1; a hole = an attempt
 * that started but has no outcome), and the whole campaign's mix to draw from for numbers with none.
 */
export type RecordedOutcomes = Readonly<{
  byCall: ReadonlyMap<string, ReadonlyArray<RecordedAttempt | undefined>>;
  mix: readonly RecordedAttempt[];
}>;

export const recordedOutcomes = (byCall: ReadonlyMap<string, ReadonlyArray<RecordedAttempt | undefined>>): RecordedOutcomes => ({
  byCall,
  mix: [...byCall.values()].flatMap((attempts) => attempts.filter((a): a is RecordedAttempt => a !== undefined && a.outcome !== 'skipped')),
});

/**
 * The attempt as recorded when it happened; otherwise a draw from the number's own recorded
 * attempts (a line that was always busy stays busy), else from the campaign's mix, else `assumed`.
 */
export const outcomeOf = (
  recorded: RecordedOutcomes,
  callId: string,
  attempt: number,
  random: () => number,
  assumed: RecordedAttempt,
): { attempt: RecordedAttempt; drawn: boolean } => {
  const own = recorded.byCall.get(callId);
  const exact = own?.[attempt - 1];
  if (exact) return { attempt: exact, drawn: false };
  const ownPool = own?.filter((a): a is RecordedAttempt => a !== undefined && a.outcome !== 'skipped') ?? [];
  const pool = ownPool.length > 0 ? ownPool : recorded.mix;
  if (pool.length === 0) return { attempt: assumed, drawn: true };
  return { attempt: pool[Math.floor(random() * pool.length)]!, drawn: true };
};
