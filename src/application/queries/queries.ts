import { Query } from '@nestjs/cqrs';
import type { DncSource } from '../../domain/number/number.events.js';
import type {
  AuditEventView,
  CallStatus,
  CallView,
  CampaignStats,
  CampaignStatus,
  CampaignView,
  DoNotCallEntryView,
  DoNotCallEntryWithHistoryView,
  Page,
} from '../views.js';

/** Typed queries for the QueryBus; their handlers live beside the read models in src/projections. */

export class ListCampaignsQuery extends Query<Page<CampaignView>> {
  constructor(readonly filter: { status?: CampaignStatus; limit: number; cursor?: string }) {
    super();
  }
}

/** `asOf` set: the campaign folded from its events up to that instant instead of the read model. */
/**
 * `asOf`: the campaign at that instant, folded from the log (bounded: see the handler). `fromLog`: the
 * campaign's own stream now with the stats read model as it stands, for answers while read models lag.
 */
export class GetCampaignQuery extends Query<CampaignView> {
  constructor(readonly campaignId: string, readonly asOf?: Date, readonly fromLog = false) {
    super();
  }
}

export class GetCampaignStatsQuery extends Query<CampaignStats> {
  constructor(readonly campaignId: string) {
    super();
  }
}

export class ListCampaignCallsQuery extends Query<Page<CallView>> {
  constructor(readonly campaignId: string, readonly filter: { status?: CallStatus; limit: number; cursor?: string }) {
    super();
  }
}

/** Every call of a campaign for a CSV export: read in batches, so 100,000 calls never sit in memory at once. */
export type CallExport = Readonly<{ variableNames: string[]; batches: AsyncIterable<CallView[]> }>;

export class ExportCampaignCallsQuery extends Query<CallExport> {
  constructor(readonly campaignId: string, readonly status?: CallStatus) {
    super();
  }
}

export class GetCallQuery extends Query<CallView> {
  constructor(readonly callId: string) {
    super();
  }
}

/** The audit trail, straight from the event store. `from` is a stream version (inclusive). */
export class GetStreamEventsQuery extends Query<Page<AuditEventView>> {
  constructor(readonly stream: string, readonly page: { from: number; limit: number }) {
    super();
  }
}

/** Entries in force (not expired, not removed), newest first. */
export class ListDoNotCallQuery extends Query<Page<DoNotCallEntryView>> {
  constructor(readonly filter: { source?: DncSource; limit: number; cursor?: string }) {
    super();
  }
}

/** The entry in force for an E.164 number, with every change to it; NotFoundError when not listed. */
export class GetDoNotCallEntryQuery extends Query<DoNotCallEntryWithHistoryView> {
  constructor(readonly phoneNumber: string) {
    super();
  }
}
