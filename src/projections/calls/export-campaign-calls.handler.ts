import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { type CallExport, ExportCampaignCallsQuery } from '../../application/queries/queries.js';
import type { CallStatus, CallView } from '../../application/views.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { MAX_PAGE_LIMIT } from '../../application/views.js';
import { CAMPAIGNS } from '../campaigns/campaign-record.js';
import { READ_MODELS_DB } from '../projections.tokens.js';
import { CALLS } from './call-record.js';
import { listCampaignCallViews } from './call.queries.js';

/** Beyond this many distinct variable names the export keeps the first ones (alphabetically). */
export const MAX_EXPORT_VARIABLES = 200;

@QueryHandler(ExportCampaignCallsQuery)
export class ExportCampaignCallsHandler implements IQueryHandler<ExportCampaignCallsQuery> {
  constructor(@Inject(READ_MODELS_DB) private readonly db: Knex) {}

  /** 404 is decided before the first byte is sent; the rows follow page by page on the keyset index. */
  async execute({ campaignId, status }: ExportCampaignCallsQuery): Promise<CallExport> {
    const exists = await this.db(CAMPAIGNS).where({ id: campaignId }).first(this.db.raw('1 AS found'));
    if (!exists) throw new NotFoundError(`campaign ${campaignId} not found`);
    const keys = await this.db(CALLS)
      .where({ campaign_id: campaignId })
      .whereNotNull('contact')
      .distinct(this.db.raw("jsonb_object_keys(coalesce(contact->'variables', '{}'::jsonb)) AS name"))
      .orderBy('name')
      .limit(MAX_EXPORT_VARIABLES);
    return { variableNames: keys.map((k: { name: string }) => k.name), batches: this.pages(campaignId, status) };
  }

  private async *pages(campaignId: string, status?: CallStatus): AsyncGenerator<CallView[]> {
    let cursor: string | undefined;
    do {
      const page = await listCampaignCallViews(this.db, campaignId, { status, limit: MAX_PAGE_LIMIT, cursor });
      yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}
