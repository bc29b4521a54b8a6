import { evidenceOf, num, streamId, violation, type Evidence } from '../audit-event.js';
import { campaignOfCall } from '../log-facts.js';
import type { Check } from './check.js';

/** Per call, small: attempts seen and answered as bit sets (attempt n is bit n), the event that ended it. */
type CallTrack = { attempts: number; answered: number; ended: Evidence | null; lastType: string; lastVersion: number };

const TERMINAL = new Set(['CallCompleted', 'CallCancelled', 'CallSkipped']);
const bit = (attempt: number): number => 2 ** Math.min(Math.max(attempt, 0), 52);
const has = (set: number, attempt: number): boolean => Math.floor(set / bit(attempt)) % 2 === 1;
const firstOf = (set: number): number => {
  for (let n = 0; n <= 52; n += 1) if (has(set, n)) return n;
  return 0;
};

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
          const state = call === undefined ? 'was never dialed' : `is still open after ${call.lastType} (call-${callId}@${call.lastVersion})`;
          report(violation('terminal', campaign.id, `campaign completed while call ${callId} ${state}`, [evidenceOf(event)]));
        }
        return;
      }
      if (!event.stream.startsWith('call-')) return;
      const callId = streamId(event.stream);
      let call = calls.get(callId);
      if (call === undefined) calls.set(callId, (call = { attempts: 0, answered: 0, ended: null, lastType: event.type, lastVersion: event.streamVersion }));
      call.lastType = event.type;
      call.lastVersion = event.streamVersion;
      const attempt = num(event.data, 'attempt') ?? 0;
      switch (event.type) {
        case 'CallAttempted': {
          const campaignId = campaignOfCall(facts, callId);
          if (has(call.attempts, attempt)) report(violation('attempt-once', campaignId, `call ${callId} attempt ${attempt} recorded twice`, [evidenceOf(event)]));
          if (call.ended) report(violation('attempt-once', campaignId, `call ${callId} attempt ${attempt} after the call ended`, [call.ended, evidenceOf(event)]));
          if (call.answered > 0) {
            report(violation('answered', campaignId, `call ${callId} was answered on attempt ${firstOf(call.answered)} and dialed again (attempt ${attempt})`, [evidenceOf(event)]));
          }
          if (!has(call.attempts, attempt)) call.attempts += bit(attempt);
          return;
        }
        case 'CallAnswered':
          if (!has(call.answered, attempt)) call.answered += bit(attempt);
          return;
        case 'CallFailed':
          if (has(call.answered, attempt)) {
            const outcome = String(event.data.outcome);
            report(violation('answered', campaignOfCall(facts, callId), `call ${callId} attempt ${attempt} was answered, then recorded as ${outcome}`, [evidenceOf(event)]));
          }
          if (event.data.willRetry === false) call.ended = evidenceOf(event);
          return;
        default:
          if (TERMINAL.has(event.type)) call.ended = evidenceOf(event);
      }
    },
  };
};
