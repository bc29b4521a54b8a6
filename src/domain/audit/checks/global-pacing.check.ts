import { evidenceOf, num, streamId, violation } from '../audit-event.js';
import { campaignOfCall } from '../log-facts.js';
import type { Check, VerifyOptions } from './check.js';

/**
 * Invariant 11 with the limit the verifying process is configured with (MAX_CONCURRENT_CALLS; the
 * log does not record it): calls ringing across every campaign and the single calls never exceed
 * the global cap. Without the setting there is nothing to check. The rate: dial-rate.check.ts.
 */
export const globalPacingCheck = (options: VerifyOptions): Check => {
  const ringing = new Map<string, number>();
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
    },
  };
};
