import { randomBytes } from 'node:crypto';
import { Global, Logger, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { TELEPHONY } from '../../application/ports/telephony.port.js';
import { RecordCallOutcomeHandler } from '../../application/calls/record-call-outcome.handler.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TelephonyWebhookController } from '../http/telephony/telephony-webhook.controller.js';
import { MockTelephonyProvider } from './mock-telephony.provider.js';
import { WEBHOOK_PATH } from './webhook-payload.js';
import { TELEPHONY_CALLBACK_URL, WEBHOOK_SECRET, type CallbackUrlFn } from './telephony.tokens.js';

const logger = new Logger('telephony');

const callbackUrl = (config: AppConfig, adapterHost: HttpAdapterHost): CallbackUrlFn => () => {
  if (config.PUBLIC_BASE_URL) return `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
  const address = adapterHost.httpAdapter?.getHttpServer()?.address() as AddressInfo | string | null | undefined;
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return `http://127.0.0.1:${port}${WEBHOOK_PATH}`;
};

/**
 * The telephony side: the mock provider behind TELEPHONY, the signed webhook endpoint and the
 * outcome command. Split roles (api / worker) must share TELEPHONY_WEBHOOK_SECRET: a generated
 * secret exists only in the process that made it.
 */
@Global()
@Module({
  controllers: [TelephonyWebhookController],
  providers: [
    {
      provide: WEBHOOK_SECRET,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): string => {
        if (config.TELEPHONY_WEBHOOK_SECRET) return config.TELEPHONY_WEBHOOK_SECRET;
        logger.log('TELEPHONY_WEBHOOK_SECRET unset: generated one for this process (split api/worker roles must set it)');
        return randomBytes(32).toString('hex');
      },
    },
    { provide: TELEPHONY_CALLBACK_URL, inject: [APP_CONFIG, HttpAdapterHost], useFactory: callbackUrl },
    {
      provide: TELEPHONY,
      inject: [APP_CONFIG, WEBHOOK_SECRET],
      useFactory: (config: AppConfig, secret: string): MockTelephonyProvider =>
        new MockTelephonyProvider({
          minDurationMs: config.TELEPHONY_MOCK_MIN_DURATION_MS,
          maxDurationMs: config.TELEPHONY_MOCK_MAX_DURATION_MS,
          failureRate: config.TELEPHONY_MOCK_FAILURE_RATE,
          seed: config.TELEPHONY_MOCK_SEED,
          secret,
          onUndelivered: (payload, result) =>
            logger.warn(`webhook ${payload.status} for call ${payload.callId} #${payload.attempt} not delivered: ${JSON.stringify(result)}`),
        }),
    },
    RecordCallOutcomeHandler,
  ],
  exports: [TELEPHONY, TELEPHONY_CALLBACK_URL, WEBHOOK_SECRET],
})
export class TelephonyModule {}
