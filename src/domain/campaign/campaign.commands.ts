import type { CampaignCall } from './campaign-call-list.js';
import type { CampaignConfigPatch } from './campaign-config-change.js';
import type { CampaignConfig } from './campaign-config.js';

/** Ids and defaults are resolved at the edge (see `resolveCampaignConfig`); commands carry final values. */
export type CreateCampaign = Readonly<{
  type: 'CreateCampaign';
  campaignId: string;
  config: CampaignConfig;
  /** Numbers given at creation, already normalized to E.164, each with a call id from the edge. */
  calls: readonly CampaignCall[];
}>;
export type UpdateCampaign = Readonly<{
  type: 'UpdateCampaign';
  campaignId: string;
  /** Merged into the config the decider sees (`patchedFields`); a whole value replaces the current one. */
  changes: CampaignConfigPatch;
}>;
export type AddNumbers = Readonly<{
  type: 'AddNumbers';
  campaignId: string;
  calls: readonly CampaignCall[];
}>;
/** `phoneNumber` in E.164, normalized at the edge. */
export type RemoveNumber = Readonly<{ type: 'RemoveNumber'; campaignId: string; phoneNumber: string }>;
export type StartCampaign = Readonly<{ type: 'StartCampaign'; campaignId: string }>;
export type PauseCampaign = Readonly<{ type: 'PauseCampaign'; campaignId: string }>;
export type ResumeCampaign = Readonly<{ type: 'ResumeCampaign'; campaignId: string }>;
export type CancelCampaign = Readonly<{
  type: 'CancelCampaign';
  campaignId: string;
  reason: string | null;
}>;
/** Sent by the dialer once every call of the campaign is terminal, with the counts it saw. */
export type CompleteCampaign = Readonly<{
  type: 'CompleteCampaign';
  campaignId: string;
  completed: number;
  failed: number;
  /** Never dialed: on the do-not-call list. */
  skipped?: number;
}>;
/** Sent by the dialer when the campaign cannot go on, e.g. the provider rejects every dial. */
export type FailCampaign = Readonly<{
  type: 'FailCampaign';
  campaignId: string;
  reason: string;
  completed: number;
  failed: number;
  skipped?: number;
}>;
export type DeleteCampaign = Readonly<{ type: 'DeleteCampaign'; campaignId: string }>;

export type CampaignCommand =
  | CreateCampaign
  | UpdateCampaign
  | AddNumbers
  | RemoveNumber
  | StartCampaign
  | PauseCampaign
  | ResumeCampaign
  | CancelCampaign
  | CompleteCampaign
  | FailCampaign
  | DeleteCampaign;
