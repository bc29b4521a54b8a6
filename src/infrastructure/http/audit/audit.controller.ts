import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { GetStreamEventsQuery } from '../../../application/queries/queries.js';
import type { AuditEventView, Page } from '../../../application/views.js';
import { callStream } from '../../../domain/call/call.events.js';
import { campaignStream } from '../../../domain/campaign/campaign.events.js';
import { ApiErrors } from '../shared/api-docs.decorators.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { AuditEventPageResponseDto } from './audit-event.response.dto.js';
import { AuditEventsRequestDto } from './audit-events.request.dto.js';

const DESCRIPTION =
  'The stream as recorded, oldest first, straight from the event store: type, data, metadata ' +
  '(correlation, causation, actor, time), stream version and global position. Deleted campaigns keep theirs. ' +
  'A page holds at most `limit` events and about 2 MB (at least one event); follow `nextCursor` for the rest.';

@ApiTags('audit')
@ApiSecurity('apiKey')
@Controller()
export class AuditController {
  constructor(@Inject(QueryBus) private readonly queryBus: QueryBus) {}

  @Get('campaigns/:id/events')
  @ApiOperation({ summary: "A campaign's audit trail", description: DESCRIPTION })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: AuditEventPageResponseDto })
  @ApiErrors(404)
  campaignEvents(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: AuditEventsRequestDto,
  ): Promise<Page<AuditEventView>> {
    return this.queryBus.execute(new GetStreamEventsQuery(campaignStream(id), page(query)));
  }

  @Get('calls/:id/events')
  @ApiOperation({ summary: "A call's audit trail", description: `${DESCRIPTION} Empty for a call not dialed yet.` })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: AuditEventPageResponseDto })
  @ApiErrors(404)
  callEvents(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: AuditEventsRequestDto,
  ): Promise<Page<AuditEventView>> {
    return this.queryBus.execute(new GetStreamEventsQuery(callStream(id), page(query)));
  }
}

/** The cursor is the next stream version, as the query handler hands it out. */
const page = (query: AuditEventsRequestDto) => ({
  from: query.cursor === undefined ? 0 : Number(query.cursor),
  limit: query.limit,
});
