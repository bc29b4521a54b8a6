import type { Position } from '../../application/ports/event-store.port.js';
import type { CallView, CampaignView } from '../../application/views.js';

/**
 * What the read models said after the projections passed `position`: every campaign the events up to
 * there touched (null: deleted), and the calls that changed, by campaign. `resync`: too much happened
 * to list; a client should read everything again.
 */
export type LiveBatch = Readonly<{
  position: Position;
  campaigns: ReadonlyMap<string, CampaignView | null>;
  calls: ReadonlyMap<string, readonly CallView[]>;
  resync: boolean;
}>;

export type LiveListener = (batch: LiveBatch) => void;
