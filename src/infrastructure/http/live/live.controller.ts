import { BadRequestException, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { comparePositions, formatPosition, parsePosition, type Position } from '../../../application/ports/event-store.port.js';
import { GetCampaignQuery } from '../../../application/queries/queries.js';
import type { CampaignView } from '../../../application/views.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AcceptsQueryToken } from '../api-key.guard.js';
import { API_KEY_HEADER, ApiKeys } from '../api-keys.js';
import { ApiErrors } from '../shared/api-docs.decorators.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { LiveHub, renderBatch, type LiveScope } from './live-hub.js';
import { LiveTokenResponseDto } from './live.response.dto.js';
import { LiveStreamRequestDto } from './live-stream.request.dto.js';
import { openSse, sseMessage } from './sse-stream.js';

export const LIVE_TOKEN_TTL_SECONDS = 300;

const STREAM_DOC =
  'Server-sent events (`text/event-stream`), pushed as the read models change (never polled per client). Each message ' +
  'carries `id: <commit>/<prepare>`, the global log position its state is as of: reconnecting with `Last-Event-ID` ' +
  '(EventSource does it by itself) or `?lastEventId=` resumes with what changed since. A comment line (`: heartbeat`) ' +
  'comes every SSE_HEARTBEAT_MS. With API_KEYS set, send `x-api-key`, or `?access_token=` from POST /api/v1/live/tokens.';

const example = (lines: string[]) => ({ 'text/event-stream': { schema: { type: 'string' }, example: lines.join('\n') } });

@ApiTags('live')
@ApiSecurity('apiKey')
@Controller()
export class LiveController {
  private readonly keys: ApiKeys;

  constructor(
    @Inject(LiveHub) private readonly hub: LiveHub,
    @Inject(QueryBus) private readonly queryBus: QueryBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = new ApiKeys(config.API_KEYS);
  }

  @Post('live/tokens')
  @HttpCode(201)
  @ApiOperation({
    summary: 'A short-lived token to open live streams',
    description: `For browsers: EventSource cannot send headers. Valid for ${LIVE_TOKEN_TTL_SECONDS} s, for the key that asked.`,
  })
  @ApiCreatedResponse({ type: LiveTokenResponseDto })
  @ApiErrors()
  token(@Headers(API_KEY_HEADER) key: string | undefined): LiveTokenResponseDto {
    const expires = Math.floor(Date.now() / 1_000) + LIVE_TOKEN_TTL_SECONDS;
    return { token: this.keys.open ? '' : (this.keys.issueToken(key, expires) ?? ''), expiresAt: new Date(expires * 1_000).toISOString() };
  }

  @Get('live')
  @AcceptsQueryToken()
  @ApiOperation({
    summary: 'Live updates of every campaign',
    description: `${STREAM_DOC}\n\nEvents: \`ready\` (once, with the current position), \`campaign\` (a campaign view that changed), \`campaign_deleted\` (\`{ id }\`), \`resync\` (too much changed to list: read the list again).`,
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The last `id` received: resume from there.' })
  @ApiOkResponse({ content: example(['retry: 2000', '', 'id: 1234/0', 'event: ready', 'data: {"position":"1234/0"}', '', 'id: 1240/2', 'event: campaign', 'data: {"id":"…","status":"in_progress","stats":{…}}', '']) })
  @ApiErrors()
  async all(@Query() query: LiveStreamRequestDto, @Headers('last-event-id') header: string | undefined, @Res() res: Response): Promise<void> {
    await this.stream(res, { campaignId: null }, resumePoint(header, query), null);
  }

  @Get('campaigns/:id/live')
  @AcceptsQueryToken()
  @ApiOperation({
    summary: 'Live updates of one campaign',
    description: `${STREAM_DOC}\n\nEvents: \`campaign\` (the campaign view: first its current state, then each change), \`call\` (a call view that changed), \`campaign_deleted\`, \`resync\`.`,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The last `id` received: resume from there.' })
  @ApiOkResponse({ content: example(['retry: 2000', '', 'id: 1240/2', 'event: campaign', 'data: {"id":"…","status":"in_progress","stats":{…}}', '', 'event: call', 'data: {"id":"…","status":"completed"}', 'id: 1251/0', 'event: campaign', 'data: {…}', '']) })
  @ApiErrors(404)
  async campaign(
    @Param('id', UuidParamPipe) id: string,
    @Query() query: LiveStreamRequestDto,
    @Headers('last-event-id') header: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const from = resumePoint(header, query);
    await this.view(id);
    await this.stream(res, { campaignId: id }, from, () => this.view(id));
  }

  private view(id: string): Promise<CampaignView> {
    return this.queryBus.execute(new GetCampaignQuery(id));
  }

  private async stream(res: Response, scope: LiveScope, from: Position | null, snapshot: (() => Promise<CampaignView>) | null): Promise<void> {
    // Before the headers: a read side that is away answers as an error, not as a stream that breaks.
    await this.hub.feed.current();
    openSse(res);
    await this.hub.attach(res, scope, async (write) => {
      const at = await this.hub.feed.current();
      if (from && (!at || comparePositions(from, at) >= 0)) return from;
      const missed = from ? await this.hub.feed.since(from) : null;
      if (missed && !missed.resync) {
        write(renderBatch(missed, scope));
        return missed.position;
      }
      // Read before the snapshot, so the snapshot is at least as recent as the id it is sent with.
      const fresh = (await this.hub.feed.checkpoint()) ?? at;
      const id = fresh ? formatPosition(fresh) : undefined;
      if (missed?.resync) write(sseMessage('resync', { reason: 'too many changes to list: read again' }));
      write(snapshot ? sseMessage('campaign', await snapshot().catch(() => null), id) : sseMessage('ready', { position: id ?? null }, id));
      return fresh;
    });
  }
}

function resumePoint(header: string | undefined, query: LiveStreamRequestDto): Position | null {
  const text = header ?? query.lastEventId;
  if (text === undefined || text === '') return null;
  if (!/^\d{1,20}\/\d{1,20}$/.test(text)) throw new BadRequestException('Last-Event-ID must be a position <commit>/<prepare>');
  return parsePosition(text);
}
