import { toEpochMs } from '../../shared/instant.js';
import { evidenceOf, num, str, streamId, violation, type Evidence } from '../audit-event.js';
import { campaignOfCall } from '../log-facts.js';
import { attemptKey, type Check } from './check.js';

type Listing = { expiresMs: number; source: string; evidence: Evidence };

/**
 * Invariant 9. A number's stream orders its claims and list changes: a `NumberDialClaimed` after a
 * listing in force at the claim's instant is a violation. A `CallAttempted` is held to the listing in
 * force when it was recorded unless its attempt had claimed the number first (the claim was then
 * ordered before the listing, and dialing it is what the claim allowed).
 */
export const doNotCallCheck = (): Check => {
  const listings = new Map<string, Listing>();
  const claimed = new Set<string>();
  const inForce = (phoneNumber: string, atMs: number): Listing | null => {
    const listing = listings.get(phoneNumber);
    return listing !== undefined && atMs < listing.expiresMs ? listing : null;
  };
  return {
    observe(event, facts, report) {
      const { type, data } = event;
      if (event.stream.startsWith('number-')) {
        const phoneNumber = streamId(event.stream);
        if (type === 'NumberAddedToDoNotCall') {
          const expiresAt = str(data, 'expiresAt');
          listings.set(phoneNumber, { expiresMs: expiresAt ? toEpochMs(expiresAt) : Number.POSITIVE_INFINITY, source: str(data, 'source') ?? 'api', evidence: evidenceOf(event) });
        } else if (type === 'NumberRemovedFromDoNotCall') listings.delete(phoneNumber);
        else if (type === 'NumberDialClaimed') {
          const callId = str(data, 'callId') ?? '';
          const attempt = num(data, 'attempt') ?? 0;
          claimed.add(attemptKey(callId, attempt));
          const at = str(data, 'at') ?? event.recordedAt;
          const listing = inForce(phoneNumber, toEpochMs(at));
          if (listing !== null) {
            const campaignId = str(data, 'campaignId') ?? null;
            report(violation('do-not-call', campaignId, `${phoneNumber} was claimed for call ${callId} attempt ${attempt} while on the do-not-call list (${listing.source})`, [listing.evidence, evidenceOf(event)]));
          }
        }
        return;
      }
      if (type !== 'CallAttempted' || !event.stream.startsWith('call-')) return;
      const callId = streamId(event.stream);
      const attempt = num(data, 'attempt') ?? 0;
      const key = attemptKey(callId, attempt);
      if (claimed.delete(key)) return;
      const phoneNumber = facts.calls.get(callId)?.phoneNumber;
      const listing = phoneNumber === undefined ? null : inForce(phoneNumber, toEpochMs(event.recordedAt));
      if (listing === null) return;
      report(violation('do-not-call', campaignOfCall(facts, callId), `call ${callId} attempt ${attempt} dialed ${phoneNumber} while on the do-not-call list (${listing.source})`, [listing.evidence, evidenceOf(event)]));
    },
  };
};
