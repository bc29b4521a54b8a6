import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { AuthFailures } from '../auth-failures.js';
import { tooManyRequests } from '../too-many-requests.js';
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

  constructor(
    @Inject(WEBHOOK_SECRETS) private readonly secrets: WebhookSecrets,
    @Inject(AuthFailures) private readonly failures: AuthFailures,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IncomingMessage & { rawBody?: Buffer; ip?: string }>();
    const client = request.ip ?? 'unknown';
    const blockedMs = await this.failures.blockedFor('webhook-signature', client);
    if (blockedMs !== null) {
      throw tooManyRequests(context.switchToHttp().getResponse<Response>(), blockedMs, 'too many forged webhook signatures from this address');
    }
    const raw = request.headers[SIGNATURE_HEADER];
    const header = Array.isArray(raw) ? raw.join(',') : raw;
    const check = verifyWebhookSignature(this.secrets.verifying, header, request.rawBody ?? Buffer.alloc(0), Date.now());
    if (check.ok) return true;
    await this.failures.record('webhook-signature', client);
    this.logger.warn(`refused webhook from ${client}: signature ${check.reason}`);
    throw new UnauthorizedException(`invalid webhook signature: ${check.reason}`);
  }
}
