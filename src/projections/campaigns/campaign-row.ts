import type { CampaignStatus, CampaignView } from '../../application/views.js';
import { applyConfigChanges, configOf } from '../../domain/campaign/campaign-config-change.js';
import type { CampaignEvent } from '../../domain/campaign/campaign.events.js';
import type { Fact } from '../shared/domain-events.js';

/** The campaign read model's row: the view without the parts other read models or the clock supply. */
export type CampaignRow = Omit<CampaignView, 'stats' | 'nextWindowOpensAt' | 'waiting'>;

const ending = (row: CampaignRow, status: CampaignStatus, at: string): CampaignRow => ({ ...row, status, endedAt: row.endedAt ?? at });

/**
 * Pure fold of one campaign event into its row, for the projector and for time travel alike.
 * Null: no campaign (not created yet, or deleted). Every event moves `version` (the ETag) and `updatedAt`.
 */
export function evolveCampaignRow(row: CampaignRow | null, { id, event, version, at }: Fact<CampaignEvent>): CampaignRow | null {
  if (event.type === 'CampaignCreated') {
    return { id, ...configOf(event.data), status: 'pending', createdAt: at, updatedAt: at, startedAt: null, endedAt: null, version };
  }
  if (!row) return null;
  const next = { ...row, version, updatedAt: at };
  switch (event.type) {
    case 'CampaignUpdated':
      return applyConfigChanges(next, event.data);
    case 'CampaignNumbersAdded':
    case 'CampaignNumberRemoved':
      return next;
    case 'CampaignStarted':
      return { ...next, status: 'in_progress', startedAt: row.startedAt ?? at };
    case 'CampaignResumed':
      return { ...next, status: 'in_progress' };
    case 'CampaignPaused':
      return { ...next, status: 'paused' };
    case 'CampaignCancelled':
      return ending(next, 'cancelled', at);
    case 'CampaignCompleted':
      return ending(next, 'completed', at);
    case 'CampaignFailed':
      return ending(next, 'failed', at);
    case 'CampaignDeleted':
      return null;
    default: {
      const _unknown: never = event;
      return row;
    }
  }
}
