import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { WebhookSubscriptionsService } from '../../webhooks/webhook-subscriptions.service.js';
import type { WebhookView } from '../../webhooks/webhook.view.js';
import { ApiErrors } from '../shared/api-docs.decorators.js';
import { PageRequestDto } from '../shared/page.request.dto.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { CreatedWebhookResponseDto, CreateWebhookRequestDto, WebhookPageResponseDto, WebhookResponseDto } from './create-webhook.request.dto.js';

@ApiTags('webhooks')
@ApiSecurity('apiKey')
@Controller('webhooks')
export class WebhooksController {
  constructor(@Inject(WebhookSubscriptionsService) private readonly webhooks: WebhookSubscriptionsService) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to events recorded from now on; signed, at least once, in log order' })
  @ApiCreatedResponse({ type: CreatedWebhookResponseDto })
  @ApiErrors()
  create(@Body() body: CreateWebhookRequestDto): Promise<WebhookView & { secret: string }> {
    return this.webhooks.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'Subscriptions with their delivery state (without secrets)' })
  @ApiOkResponse({ type: WebhookPageResponseDto })
  @ApiErrors()
  list(@Query() page: PageRequestDto): Promise<{ items: WebhookView[]; nextCursor: string | null }> {
    return this.webhooks.list(page.limit, page.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscription: last success, failures, next retry, parked, backlog' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiErrors(404)
  get(@Param('id', UuidParamPipe) id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry a parked (or retrying) subscription now, from where it stopped' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiErrors(404)
  resume(@Param('id', UuidParamPipe) id: string): Promise<WebhookView> {
    return this.webhooks.resume(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop delivering and forget the subscription' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiErrors(404)
  async remove(@Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.webhooks.delete(id);
  }
}
