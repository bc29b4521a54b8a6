import { applyDecorators, Body, Controller, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CampaignCommandResult } from '../../../application/campaigns/campaign-command.handler.js';
import { CancelCampaignCommand } from '../../../application/campaigns/cancel-campaign/cancel-campaign.command.js';
import { PauseCampaignCommand } from '../../../application/campaigns/pause-campaign/pause-campaign.command.js';
import { ResumeCampaignCommand } from '../../../application/campaigns/resume-campaign/resume-campaign.command.js';
import { StartCampaignCommand } from '../../../application/campaigns/start-campaign/start-campaign.command.js';
import type { CampaignView } from '../../../application/views.js';
import { ApiErrors } from '../shared/api-docs.decorators.js';
import { commandMeta } from '../shared/command-meta.js';
import { UuidParamPipe } from '../shared/uuid-param.pipe.js';
import { ApiIfMatch, CAMPAIGN_HEADERS } from './campaign-docs.decorators.js';
import { CampaignResponder } from './campaign-responder.js';
import { CancelCampaignRequestDto } from './dto/cancel-campaign.request.dto.js';
import { CampaignResponseDto } from './dto/campaign.response.dto.js';
import { parseIfMatch } from './http-headers.js';

const Lifecycle = (summary: string, description: string) =>
  applyDecorators(
    HttpCode(200),
    ApiOperation({ summary, description }),
    ApiParam({ name: 'id', format: 'uuid' }),
    ApiIfMatch(),
    ApiOkResponse({ type: CampaignResponseDto, headers: CAMPAIGN_HEADERS, description: 'The campaign after the command.' }),
    ApiErrors(404, 409, 412),
  );

type LifecycleCommand = StartCampaignCommand | PauseCampaignCommand | ResumeCampaignCommand | CancelCampaignCommand;

/** Repeating a transition that already happened (start a started campaign) answers 200 and appends nothing. */
@ApiTags('campaigns')
@ApiSecurity('apiKey')
@Controller('campaigns/:id')
export class CampaignLifecycleController {
  constructor(
    @Inject(CommandBus) private readonly commandBus: CommandBus,
    @Inject(CampaignResponder) private readonly responder: CampaignResponder,
  ) {}

  @Post('start')
  @Lifecycle('Start dialing', 'pending → in_progress; dials whenever a calling window is open. 409 without numbers.')
  start(
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(new StartCampaignCommand(id, commandMeta(req), parseIfMatch(ifMatch)), res);
  }

  @Post('pause')
  @Lifecycle('Pause', 'in_progress → paused: no new dials; calls in flight finish.')
  pause(
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(new PauseCampaignCommand(id, commandMeta(req), parseIfMatch(ifMatch)), res);
  }

  @Post('resume')
  @Lifecycle('Resume', 'paused → in_progress.')
  resume(
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(new ResumeCampaignCommand(id, commandMeta(req), parseIfMatch(ifMatch)), res);
  }

  @Post('cancel')
  @Lifecycle('Cancel', 'Ends the campaign: pending calls are cancelled, calls in flight finish. Body optional.')
  @ApiBody({ type: CancelCampaignRequestDto, required: false })
  cancel(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CancelCampaignRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const command = new CancelCampaignCommand(id, body.reason ?? null, commandMeta(req), parseIfMatch(ifMatch));
    return this.run(command, res);
  }

  private async run(command: LifecycleCommand, res: Response): Promise<CampaignView> {
    const result: CampaignCommandResult = await this.commandBus.execute(command);
    return this.responder.campaignAfter(result, res);
  }
}
