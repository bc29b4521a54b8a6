import { Module } from '@nestjs/common';
import { PreviewNumbersHandler } from '../../../projections/do-not-call/preview-numbers.handler.js';
import { CampaignPreviewController } from './campaign-preview.controller.js';

/** The dry run behind the console's "preview before launch". */
@Module({ controllers: [CampaignPreviewController], providers: [PreviewNumbersHandler] })
export class PreviewHttpModule {}
