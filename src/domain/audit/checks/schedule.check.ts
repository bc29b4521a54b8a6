import type { Schedule } from '../../calendar/schedule.js';
import { evidenceOf, num, str, streamId, violation } from '../audit-event.js';
import { campaignOfCall } from '../log-facts.js';
import { openScheduleMemo } from '../open-schedule.js';
import { attemptKey, type Check } from './check.js';

/**
 * Invariant 2: every `CallAttempted` of a campaign call is recorded while the campaign's schedule is
 * open. The schedule is the one in force at the attempt, or the one its `DialStarted` was decided
 * under (a PATCH racing a decision): an attempt open under neither is a violation.
 */
export const scheduleCheck = (): Check => {
  const scheduleAtDecision = new Map<string, Schedule>();
  const isOpenAt = openScheduleMemo();
  return {
    observe(event, facts, report) {
      if (event.stream.startsWith('dialer-')) {
        if (event.type !== 'DialStarted') return;
        const schedule = facts.campaigns.get(streamId(event.stream))?.schedule;
        const callId = str(event.data, 'callId');
        const attempt = num(event.data, 'attempt');
        if (schedule && callId !== undefined && attempt !== undefined) scheduleAtDecision.set(attemptKey(callId, attempt), schedule);
        return;
      }
      if (event.type !== 'CallAttempted' || !event.stream.startsWith('call-')) return;
      const callId = streamId(event.stream);
      const attempt = num(event.data, 'attempt') ?? 0;
      const key = attemptKey(callId, attempt);
      const decided = scheduleAtDecision.get(key);
      scheduleAtDecision.delete(key);
      const campaignId = campaignOfCall(facts, callId);
      const schedule = campaignId === null ? null : (facts.campaigns.get(campaignId)?.schedule ?? null);
      if (schedule === null || isOpenAt(schedule, event.recordedAt) || (decided !== undefined && isOpenAt(decided, event.recordedAt))) return;
      report(
        violation('schedule', campaignId, `call ${callId} attempt ${attempt} started at ${event.recordedAt}, outside the schedule (${schedule.timezone})`, [
          evidenceOf(event),
        ]),
      );
    },
  };
};
