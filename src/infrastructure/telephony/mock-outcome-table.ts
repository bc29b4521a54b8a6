/** What the mock provider does with one dial; `callback` is reported through the webhook after `durationMs`. */
export type TerminalStatus = 'completed' | 'busy' | 'no_answer';
export type DialBehaviour =
  /** `optOut`: answered, and the person asks during the call never to be called again. */
  | Readonly<{ kind: 'callback'; status: TerminalStatus; optOut?: true }>
  | Readonly<{ kind: 'lost' }>
  | Readonly<{ kind: 'rejected'; reason: string }>;

/** North American fictional numbers `+1 NXX 555-01XX` (and the opt-out range 0200–0219). */
const FICTIONAL = /^\+1\d{3}5550([12]\d{2})$/;

const callback = (status: TerminalStatus): DialBehaviour => ({ kind: 'callback', status });

/**
 * DESIGN §4: numbers whose behaviour tests can rely on whatever the failure rate. `null`: an
 * ordinary number, left to the random draw.
 */
export const deterministicBehaviour = (phoneNumber: string, attempt: number): DialBehaviour | null => {
  const match = FICTIONAL.exec(phoneNumber);
  if (!match) return null;
  const xx = Number(match[1]) - 100;
  if (xx >= 100) return xx < 120 ? { kind: 'callback', status: 'completed', optOut: true } : null;
  if (xx < 20) return callback('completed');
  if (xx < 40) return callback('busy');
  if (xx < 60) return callback('no_answer');
  if (xx < 80) return callback(attempt === 1 ? 'busy' : 'completed');
  if (xx < 90) return { kind: 'lost' };
  return { kind: 'rejected', reason: 'number rejected by the provider (test range 0190-0199)' };
};
