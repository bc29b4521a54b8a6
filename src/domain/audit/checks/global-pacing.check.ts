import { toEpochMs } from '../../shared/instant.js';
import { evidenceOf, num, streamId, violation, type Evidence } from '../audit-event.js';
import { campaignOfCall } from '../log-facts.js';
import { EVIDENCE_LIMIT, type Check, type VerifyOptions } from './check.js';

/**
 * Invariant 11 with the limits the verifying process is configured with (MAX_CONCURRENT_CALLS,
 * MAX_CALLS_PER_SECOND; the log does not record them): calls ringing across every campaign and the
 * single calls never exceed the global cap, and no one-second window holds more dial requests
 * (`CallAttempted`) than the rate. Without either setting there is nothing to check.
 */
export const globalPacingCheck = (options: VerifyOptions): Check => {
  const ringing = new Map<string, number>();
  const recent: Array<{ atMs: number; evidence: Evidence }> = [];
  return {
    observe(event, facts, report) {
      if (!event.stream.startsWith('call-')) return;
      const callId = streamId(event.stream);
      const attempt = num(event.data, 'attempt');
      if (event.type === 'CallCompleted' || event.type === 'CallFailed') {
        if (ringing.get(callId) === attempt) ringing.delete(callId);
        return;
      }
      if (event.type === 'CallCancelled' || event.type === 'CallSkipped') ringing.delete(callId);
      if (event.type !== 'CallAttempted' || attempt === undefined) return;
      ringing.set(callId, attempt);
      const evidence = evidenceOf(event);
      const campaignId = campaignOfCall(facts, callId);
      if (options.globalCap !== null && ringing.size > options.globalCap) {
        report(violation('global-pacing', campaignId, `${ringing.size} calls in flight across every campaign, over MAX_CONCURRENT_CALLS=${options.globalCap}`, [evidence]));
      }
      if (options.maxCallsPerSecond === null) return;
      const atMs = toEpochMs(event.recordedAt);
      recent.push({ atMs, evidence });
      while (recent.length > 0 && recent[0]!.atMs <= atMs - 1_000) recent.shift();
      if (recent.length > Math.ceil(options.maxCallsPerSecond)) {
        report(
          violation('global-pacing', campaignId, `${recent.length} dial requests within one second, over MAX_CALLS_PER_SECOND=${options.maxCallsPerSecond}`, [
            ...recent.slice(0, EVIDENCE_LIMIT - 1).map((r) => r.evidence),
            evidence,
          ]),
        );
      }
    },
  };
};
