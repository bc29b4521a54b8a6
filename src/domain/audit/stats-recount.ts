import { num, streamId, type AuditEvent } from './audit-event.js';
import { campaignOfCall, type LogFacts } from './log-facts.js';

/** A campaign's stats as the log says, in the API's terms (`pending` includes calls waiting for a retry). */
export type StatsRecount = {
  total: number;
  pending: number;
  inProgress: number;
  completed: number;
  failed: number;
  cancelled: number;
  skipped: number;
  attempts: number;
  retriesAttempted: number;
};

type Status = 'pending' | 'in_progress' | 'completed' | 'failed' | 'cancelled' | 'skipped';

const STATUS_AFTER: Readonly<Record<string, Status>> = {
  CallAttempted: 'in_progress',
  CallCompleted: 'completed',
  CallCancelled: 'cancelled',
  CallSkipped: 'skipped',
};

/** Counts each campaign's calls by status from their streams (invariant 5's other side). */
export const statsRecount = () => {
  const statuses = new Map<string, Status>();
  const attempts = new Map<string, { attempts: number; retries: number }>();
  return {
    observe(event: AuditEvent, facts: LogFacts): void {
      if (!event.stream.startsWith('call-')) return;
      const callId = streamId(event.stream);
      const campaignId = campaignOfCall(facts, callId);
      if (campaignId === null) return;
      const next = event.type === 'CallFailed' ? (event.data.willRetry === true ? 'pending' : 'failed') : STATUS_AFTER[event.type];
      if (next !== undefined) statuses.set(callId, next);
      if (event.type !== 'CallAttempted') return;
      const counts = attempts.get(campaignId) ?? attempts.set(campaignId, { attempts: 0, retries: 0 }).get(campaignId)!;
      counts.attempts += 1;
      if ((num(event.data, 'attempt') ?? 1) > 1) counts.retries += 1;
    },
    of(facts: LogFacts, campaignId: string): StatsRecount | null {
      const campaign = facts.campaigns.get(campaignId);
      if (campaign === undefined) return null;
      const counts = { total: 0, pending: 0, inProgress: 0, completed: 0, failed: 0, cancelled: 0, skipped: 0 };
      for (const callId of campaign.callIds) {
        counts.total += 1;
        const status = statuses.get(callId) ?? (campaign.status === 'cancelled' ? 'cancelled' : 'pending');
        if (status === 'in_progress') counts.inProgress += 1;
        else counts[status] += 1;
      }
      const { attempts: made, retries } = attempts.get(campaignId) ?? { attempts: 0, retries: 0 };
      return { ...counts, attempts: made, retriesAttempted: retries };
    },
  };
};

export type StatsRecounter = ReturnType<typeof statsRecount>;

/**
 * The fields on which the read model must equal the recount. `pending`, `cancelled` and `skipped`
 * are compared as one sum: when a cancelled campaign's never-dialed calls count as cancelled is a
 * read-model convention, not a fact of the log.
 */
export const statsDifferences = (recount: StatsRecount, stored: Readonly<Record<string, unknown>>): string[] => {
  const value = (key: string): number => (typeof stored[key] === 'number' ? (stored[key] as number) : 0);
  const compared: Array<[string, number, number]> = [
    ['total', recount.total, value('total')],
    ['inProgress', recount.inProgress, value('inProgress')],
    ['completed', recount.completed, value('completed')],
    ['failed', recount.failed, value('failed')],
    ['attempts', recount.attempts, value('attempts')],
    ['retriesAttempted', recount.retriesAttempted, value('retriesAttempted')],
    ['pending+cancelled+skipped', recount.pending + recount.cancelled + recount.skipped, value('pending') + value('cancelled') + value('skipped')],
  ];
  return compared.filter(([, counted, shown]) => counted !== shown).map(([key, counted, shown]) => `${key}: read model ${shown}, log ${counted}`);
};
