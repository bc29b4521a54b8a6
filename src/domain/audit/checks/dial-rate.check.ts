import { toEpochMs } from '../../shared/instant.js';
import { evidenceOf, num, obj, streamId, violation, type Evidence } from '../audit-event.js';
import { campaignOfCall } from '../log-facts.js';
import { EVIDENCE_LIMIT, type Check, type VerifyOptions } from './check.js';

type Budget = Readonly<{ count: number; windowMs: number; source: string }>;
type Request = Readonly<{ atMs: number; evidence: Evidence }>;

/**
 * The most requests any window of `spanMs` that holds `at` holds, and which. Requests from several
 * processes reach the log a little out of time order, so the window may also reach past `at`.
 */
const busiestAround = (requests: readonly Request[], at: Request, spanMs: number): Request[] => {
  const near = requests.filter((r) => Math.abs(r.atMs - at.atMs) < spanMs).sort((a, b) => a.atMs - b.atMs);
  let best: Request[] = [];
  for (let i = 0, j = 0; j < near.length; j += 1) {
    while (near[j]!.atMs - near[i]!.atMs >= spanMs) i += 1;
    const window = near.slice(i, j + 1);
    if (window.length > best.length && window.includes(at)) best = window;
  }
  return best;
};

/** The budget an attempt recorded its token under (`CallAttempted.rate`), if any. */
const recordedBudget = (data: Readonly<Record<string, unknown>>): Budget | null => {
  const rate = obj(data, 'rate');
  const count = rate && num(rate, 'count');
  const windowMs = rate && num(rate, 'windowMs');
  return count !== undefined && windowMs !== undefined && windowMs > 0 ? { count, windowMs, source: `the recorded budget of ${count} per ${windowMs} ms` } : null;
};

/**
 * Invariant 11, the rate: no rolling window holds more dial requests than the budget. A request is a
 * `CallAttempted`, stamped right after its token was taken; it is held to MAX_CALLS_PER_SECOND of the
 * verifying process (per second) and to the budget it recorded. The stamp trails the token by a
 * round trip and a busy event loop, so windows are shortened by `rateToleranceMs`: two tokens a
 * window apart never look like a burst, while more requests than the budget inside the shortened
 * window are still named.
 */
export const dialRateCheck = (options: VerifyOptions): Check => {
  const configured: Budget | null =
    options.maxCallsPerSecond === null ? null : { count: options.maxCallsPerSecond, windowMs: 1_000, source: `MAX_CALLS_PER_SECOND=${options.maxCallsPerSecond}` };
  const recent: Request[] = [];
  let longestMs = configured?.windowMs ?? 0;
  let latestMs = -Infinity;
  return {
    observe(event, facts, report) {
      if (event.type !== 'CallAttempted' || !event.stream.startsWith('call-')) return;
      const recorded = recordedBudget(event.data);
      if (configured === null && recorded === null && recent.length === 0) return;
      const request = { atMs: toEpochMs(event.recordedAt), evidence: evidenceOf(event) };
      latestMs = Math.max(latestMs, request.atMs);
      longestMs = Math.max(longestMs, recorded?.windowMs ?? 0);
      recent.push(request);
      while (recent.length > 0 && recent[0]!.atMs <= latestMs - 2 * longestMs) recent.shift();
      for (const budget of [configured, recorded]) {
        if (budget === null) continue;
        const spanMs = Math.max(1, budget.windowMs - options.rateToleranceMs);
        const within = busiestAround(recent, request, spanMs);
        if (within.length <= budget.count) continue;
        const message = `${within.length} dial requests within ${spanMs} ms, over ${budget.source}`;
        const shown = within.length <= EVIDENCE_LIMIT ? within : [...within.slice(0, EVIDENCE_LIMIT - 1), request];
        report(violation('dial-rate', campaignOfCall(facts, streamId(event.stream)), message, shown.map((r) => r.evidence)));
        return;
      }
    },
  };
};
