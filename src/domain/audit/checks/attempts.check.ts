import { evidenceOf, num, streamId, violation, type Evidence } from '../audit-event.js';
import { campaignOfCall } from '../log-facts.js';
import type { Check } from './check.js';

type CallTrack = { attempts: number[]; answered: number[]; ended: Evidence | null; last: Evidence };

const TERMINAL = new Set(['CallCompleted', 'CallCancelled', 'CallSkipped']);

/**
 * Invariants 4 and 12 on the call streams: each (call, attempt) is recorded once and never after
 * the call ended; an answered attempt never ends as a failure (a timeout above all) and the call is
 * never attempted again; and when a campaign completes, every one of its numbers is terminal.
 */
export const attemptsCheck = (): Check => {
  const calls = new Map<string, CallTrack>();
  return {
    observe(event, facts, report) {
      if (event.type === 'CampaignCompleted') {
        const campaign = facts.campaigns.get(streamId(event.stream));
        if (campaign === undefined) return;
        for (const callId of campaign.callIds) {
          const call = calls.get(callId);
          if (call?.ended || (campaign.removed.has(callId) && call === undefined)) continue;
          const state = call === undefined ? 'was never dialed' : `is still open after ${call.last.type}`;
          report(violation('terminal', campaign.id, `campaign completed while call ${callId} ${state}`, [evidenceOf(event), ...(call ? [call.last] : [])]));
        }
        return;
      }
      if (!event.stream.startsWith('call-')) return;
      const callId = streamId(event.stream);
      const evidence = evidenceOf(event);
      const call = calls.get(callId) ?? calls.set(callId, { attempts: [], answered: [], ended: null, last: evidence }).get(callId)!;
      call.last = evidence;
      const campaignId = campaignOfCall(facts, callId);
      const attempt = num(event.data, 'attempt') ?? 0;
      switch (event.type) {
        case 'CallAttempted':
          if (call.attempts.includes(attempt)) report(violation('attempt-once', campaignId, `call ${callId} attempt ${attempt} recorded twice`, [evidence]));
          if (call.ended) report(violation('attempt-once', campaignId, `call ${callId} attempt ${attempt} after the call ended`, [call.ended, evidence]));
          if (call.answered.length > 0) {
            report(violation('answered', campaignId, `call ${callId} was answered on attempt ${call.answered[0]} and dialed again (attempt ${attempt})`, [evidence]));
          }
          call.attempts.push(attempt);
          return;
        case 'CallAnswered':
          call.answered.push(attempt);
          return;
        case 'CallFailed':
          if (call.answered.includes(attempt)) {
            const outcome = String(event.data.outcome);
            report(violation('answered', campaignId, `call ${callId} attempt ${attempt} was answered, then recorded as ${outcome}`, [evidence]));
          }
          if (event.data.willRetry === false) call.ended = evidence;
          return;
        default:
          if (TERMINAL.has(event.type)) call.ended = evidence;
      }
    },
  };
};
