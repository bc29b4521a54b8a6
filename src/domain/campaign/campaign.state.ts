import type { CallList } from './campaign-call-list.js';
import type { CampaignConfig } from './campaign-config.js';

export const CAMPAIGN_STATUSES = [
  'pending',
  'in_progress',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'deleted',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** `removed`: phone numbers taken out of the campaign; they stay in `calls`, whose order and ids are permanent. */
type Existing = Readonly<{ campaignId: string; config: CampaignConfig; calls: CallList; removed: ReadonlySet<string> }>;
type Outcome = Readonly<{ completed: number; failed: number }>;

/** `initial`: no stream yet. Terminal states keep what ended them, for views and idempotent re-issue. */
export type CampaignState =
  | Readonly<{ status: 'initial' }>
  | (Existing & Readonly<{ status: 'pending' | 'in_progress' | 'paused' | 'deleted' }>)
  | (Existing & Outcome & Readonly<{ status: 'completed' }>)
  | (Existing & Outcome & Readonly<{ status: 'failed'; reason: string }>)
  | (Existing & Readonly<{ status: 'cancelled'; reason: string | null }>);

export type ExistingCampaignState = Exclude<CampaignState, { status: 'initial' }>;

/** Where the lifecycle has ended: numbers and config are frozen, only deletion remains. */
export const isTerminal = (state: CampaignState): boolean =>
  state.status === 'completed' || state.status === 'failed' || state.status === 'cancelled';

/** Numbers still in the campaign: added and not removed. */
export const activeCallCount = (state: ExistingCampaignState): number => state.calls.length - state.removed.size;
