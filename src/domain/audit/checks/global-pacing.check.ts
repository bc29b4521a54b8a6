import { arr, evidenceOf, num, obj, str, streamId, violation, type AuditEvent } from '../audit-event.js';
import { campaignOfCall } from '../log-facts.js';
import { attemptKey, type Check, type Report, type VerifyOptions } from './check.js';

/** The global slot ledger (`pacing-global`): open grants, and whether the log has one at all. */
type Ledger = { grants: Map<string, string | null>; seen: boolean };

/**
 * Grants − releases never pass the cap (the verifier's MAX_CONCURRENT_CALLS, else the cap the grant
 * records it was decided under).
 */
const observeLedger = (ledger: Ledger, event: AuditEvent, options: VerifyOptions, report: Report): void => {
  if (event.type === 'GlobalSlotsReleased') {
    for (const slot of arr(event.data, 'slots')) ledger.grants.delete(attemptKey(str(slot, 'callId') ?? '', num(slot, 'attempt') ?? 0));
    return;
  }
  if (event.type !== 'GlobalSlotGranted') return;
  ledger.seen = true;
  const campaignId = str(event.data, 'campaignId') ?? null;
  ledger.grants.set(attemptKey(str(event.data, 'callId') ?? '', num(event.data, 'attempt') ?? 0), campaignId);
  const cap = options.globalCap ?? num(obj(event.data, 'decision') ?? {}, 'cap');
  if (cap !== undefined && ledger.grants.size > cap) {
    report(violation('global-pacing', campaignId, `${ledger.grants.size} global slots granted and not released, over MAX_CONCURRENT_CALLS=${cap}`, [evidenceOf(event)]));
  }
};

/**
 * Invariant 11 with the limit the verifying process is configured with (MAX_CONCURRENT_CALLS; the
 * log does not record it): calls ringing across every campaign and the single calls never exceed
 * the global cap. Without the setting there is nothing to check. The rate: dial-rate.check.ts.
 * Where the log has a global slot ledger, its open grants never pass the cap either, and with a cap
 * set every attempt is recorded inside an open grant of its slot (the grant comes before the attempt).
 */
export const globalPacingCheck = (options: VerifyOptions): Check => {
  const ringing = new Map<string, number>();
  const ledger: Ledger = { grants: new Map(), seen: false };
  return {
    observe(event, facts, report) {
      if (event.stream.startsWith('pacing-global')) return observeLedger(ledger, event, options, report);
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
      if (options.globalCap !== null && ledger.seen && !ledger.grants.has(attemptKey(callId, attempt))) {
        report(violation('global-pacing', campaignId, `call ${callId} attempt ${attempt} was recorded without an open global slot grant`, [evidence]));
      }
    },
  };
};
