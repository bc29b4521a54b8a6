import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { WebhookSecrets } from '../../config/webhook-secrets.js';
import { WEBHOOK_SECRETS } from '../../telephony/telephony.tokens.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../telephony/webhook-signature.js';

/**
 * Runs before the body is validated or anything is recorded. Verifies the raw bytes (bootstrap
 * enables `rawBody`), so no re-serialisation can make a forged body match.
 */
@Injectable()
export class WebhookSignatureGuard implements CanActivate {
  private readonly logger = new Logger('telephony-webhook');

  constructor(@Inject(WEBHOOK_SECRETS) private readonly secrets: WebhookSecrets) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IncomingMessage & { rawBody?: Buffer; ip?: string }>();
    const raw = request.headers[SIGNATURE_HEADER];
    const header = Array.isArray(raw) ? raw.join(',') : raw;
    const check = verifyWebhookSignature(this.secrets.verifying, header, request.rawBody ?? Buffer.alloc(0), Date.now());
    if (check.ok) return true;
    this.logger.warn(`refused webhook from ${request.ip}: signature ${check.reason}`);
    throw new UnauthorizedException(`invalid webhook signature: ${check.reason}`);
  }
}
