import { evidenceOf, num, str, streamId, violation, type Evidence } from '../audit-event.js';
import { campaignOfCall } from '../log-facts.js';
import { attemptKey, EVIDENCE_LIMIT, type Check } from './check.js';

type Open = { attempt: number; evidence: Evidence };

/**
 * Invariant 1, twice: the dialer's slots (`DialStarted` without its `DialEnded`) never exceed the
 * cap in force when it started one, and neither do the calls actually ringing (`CallAttempted`
 * without its end). A call is held to the cap its slot was taken under: a PATCH lowering the cap
 * applies to later decisions, not to a dial already decided.
 */
export const capCheck = (): Check => {
  const slots = new Map<string, Map<string, Open>>();
  const ringing = new Map<string, Map<string, Open>>();
  const capAtDecision = new Map<string, number>();
  const of = (all: Map<string, Map<string, Open>>, id: string) => all.get(id) ?? all.set(id, new Map()).get(id)!;
  const shown = (open: Map<string, Open>, last: Evidence): Evidence[] => [
    ...[...open.values()].map((o) => o.evidence).filter((e) => e !== last).slice(0, EVIDENCE_LIMIT - 1),
    last,
  ];

  return {
    observe(event, facts, report) {
      const { type, data } = event;
      if (event.stream.startsWith('dialer-')) {
        const campaign = facts.campaigns.get(streamId(event.stream));
        const callId = str(data, 'callId');
        const attempt = num(data, 'attempt');
        if (campaign === undefined || callId === undefined || attempt === undefined) return;
        const open = of(slots, campaign.id);
        if (type === 'DialEnded' && open.get(callId)?.attempt === attempt) open.delete(callId);
        if (type !== 'DialStarted' || campaign.cap === null) return;
        const evidence = evidenceOf(event);
        open.set(callId, { attempt, evidence });
        capAtDecision.set(attemptKey(callId, attempt), campaign.cap);
        if (open.size > campaign.cap) {
          report(violation('cap', campaign.id, `dialer held ${open.size} slots with the cap at ${campaign.cap}`, shown(open, evidence)));
        }
        return;
      }
      if (!event.stream.startsWith('call-')) return;
      const callId = streamId(event.stream);
      const campaignId = campaignOfCall(facts, callId);
      const campaign = campaignId === null ? undefined : facts.campaigns.get(campaignId);
      if (campaign === undefined) return;
      const open = of(ringing, campaign.id);
      const attempt = num(data, 'attempt');
      if (type === 'CallAttempted' && attempt !== undefined) {
        const evidence = evidenceOf(event);
        open.set(callId, { attempt, evidence });
        const key = attemptKey(callId, attempt);
        const cap = capAtDecision.get(key) ?? campaign.cap;
        capAtDecision.delete(key);
        if (cap !== null && open.size > cap) {
          report(violation('cap', campaign.id, `${open.size} calls in flight with the cap at ${cap}`, shown(open, evidence)));
        }
      } else if ((type === 'CallCompleted' || type === 'CallFailed') && open.get(callId)?.attempt === attempt) open.delete(callId);
      else if (type === 'CallCancelled' || type === 'CallSkipped') open.delete(callId);
    },
  };
};
