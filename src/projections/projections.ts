import { callsProjection } from './calls/calls.projection.js';
import { campaignStatsProjection } from './campaign-stats/campaign-stats.projection.js';
import { campaignsProjection } from './campaigns/campaigns.projection.js';
import { doNotCallProjection } from './do-not-call/do-not-call.projection.js';
import type { Projection } from './projection.js';

/** Every read model of the service; the runner, the rebuild CLI and read-your-writes use this list. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  campaignsProjection,
  callsProjection,
  campaignStatsProjection,
  doNotCallProjection,
];

export const findProjection = (name: string): Projection | undefined => ALL_PROJECTIONS.find((p) => p.name === name);
