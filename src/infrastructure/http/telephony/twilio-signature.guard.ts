import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
// The validator alone: the whole library (its REST client and every API) is ~35 MB of RSS per process.
import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuthFailures } from '../auth-failures.js';
import { tooManyRequests } from '../too-many-requests.js';

const SIGNATURE = 'x-twilio-signature';
const SIGNATURE_SETTINGS = 'x-twilio-webhooks-signature-settings';

/**
 * Runs before anything is read or recorded: `X-Twilio-Signature` checked by the library's own
 * validator against the URL Twilio called (PUBLIC_BASE_URL + path and query, as configured on the
 * call) and the form parameters. A forged callback is 403 and counts as a failed authentication.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger('twilio-status');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuthFailures) private readonly failures: AuthFailures,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const client = request.ip ?? 'unknown';
    const blockedMs = await this.failures.blockedFor('webhook-signature', client);
    if (blockedMs !== null) {
      throw tooManyRequests(context.switchToHttp().getResponse<Response>(), blockedMs, 'too many forged webhook signatures from this address');
    }
    const url = `${(this.config.PUBLIC_BASE_URL ?? '').replace(/\/+$/, '')}${request.originalUrl}`;
    const params = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
    const algorithm = webhooks.getSignatureAlgorithm(request.header(SIGNATURE_SETTINGS));
    if (webhooks.validateRequest(this.config.TWILIO_AUTH_TOKEN ?? '', request.header(SIGNATURE) ?? '', url, params, algorithm)) return true;
    await this.failures.record('webhook-signature', client);
    this.logger.warn(`refused Twilio callback from ${client}: signature does not match`);
    throw new ForbiddenException('invalid Twilio signature');
  }
}
