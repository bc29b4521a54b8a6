import { randomBytes } from 'node:crypto';
import { type DynamicModule, Global, Logger, Module, type Provider } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { TELEPHONY } from '../../application/ports/telephony.port.js';
import { RecordCallAnsweredHandler } from '../../application/calls/record-call-answered.handler.js';
import { RecordCallOutcomeHandler } from '../../application/calls/record-call-outcome.handler.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { localUrl } from '../config/local-url.js';
import { configuredWebhookSecrets, type WebhookSecrets } from '../config/webhook-secrets.js';
import { TelephonyWebhookController } from '../http/telephony/telephony-webhook.controller.js';
import { MockTelephonyProvider } from './mock-telephony.provider.js';
import { WEBHOOK_PATH } from './webhook-payload.js';
import { TELEPHONY_CALLBACK_URL, WEBHOOK_SECRETS, type CallbackUrlFn } from './telephony.tokens.js';

const logger = new Logger('telephony');

const callbackUrl = (config: AppConfig, adapterHost: HttpAdapterHost): CallbackUrlFn => () => {
  if (config.PUBLIC_BASE_URL) return `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
  const address = adapterHost.httpAdapter?.getHttpServer()?.address() as AddressInfo | string | null | undefined;
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return `${localUrl(config.HOST, port)}${WEBHOOK_PATH}`;
};

const providers: Provider[] = [
    {
      provide: WEBHOOK_SECRETS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): WebhookSecrets => {
        const configured = configuredWebhookSecrets(config);
        if (configured) return configured;
        logger.log('no webhook secret configured: generated one for this process (only the in-process mock provider can sign with it)');
        const generated = randomBytes(32).toString('hex');
        return { signing: generated, verifying: [generated] };
      },
    },
    { provide: TELEPHONY_CALLBACK_URL, inject: [APP_CONFIG, HttpAdapterHost], useFactory: callbackUrl },
    {
      provide: TELEPHONY,
      inject: [APP_CONFIG, WEBHOOK_SECRETS],
      useFactory: (config: AppConfig, secrets: WebhookSecrets): MockTelephonyProvider =>
        new MockTelephonyProvider({
          minDurationMs: config.TELEPHONY_MOCK_MIN_DURATION_MS,
          maxDurationMs: config.TELEPHONY_MOCK_MAX_DURATION_MS,
          failureRate: config.TELEPHONY_MOCK_FAILURE_RATE,
          seed: config.TELEPHONY_MOCK_SEED,
          limits: { maxCps: config.TELEPHONY_MOCK_MAX_CPS, maxConcurrent: config.TELEPHONY_MOCK_MAX_CONCURRENT },
          secret: secrets.signing,
          onUndelivered: (payload, result) =>
            logger.warn(`webhook ${payload.status} for call ${payload.callId} #${payload.attempt} not delivered: ${JSON.stringify(result)}`),
        }),
    },
];

/**
 * The telephony side: the mock provider behind TELEPHONY and, where callbacks are received, the
 * signed webhook endpoint and the outcome command. A generated secret exists only in the process
 * that made it, so createApp refuses to start a role whose callbacks cross processes without one.
 */
@Global()
@Module({})
export class TelephonyModule {
  static forRoot(options: { receivesCallbacks: boolean }): DynamicModule {
    return {
      module: TelephonyModule,
      controllers: options.receivesCallbacks ? [TelephonyWebhookController] : [],
      providers: options.receivesCallbacks ? [...providers, RecordCallOutcomeHandler, RecordCallAnsweredHandler] : providers,
      exports: [TELEPHONY, TELEPHONY_CALLBACK_URL, WEBHOOK_SECRETS],
    };
  }
}
