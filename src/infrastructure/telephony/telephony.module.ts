import { randomBytes } from 'node:crypto';
import { type DynamicModule, Global, Logger, Module, type Provider } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { DIAL_RATE_LIMITER, PROVIDER_CIRCUIT, type CircuitState, type DialRateLimiter } from '../../application/ports/pacing.port.js';
import { TELEPHONY, type Telephony } from '../../application/ports/telephony.port.js';
import { METRICS_REGISTRY } from '../../projections/projections.tokens.js';
import { CircuitBreakingTelephony } from './circuit-breaking.telephony.js';
import { SlowingTelephony } from './slowing.telephony.js';
import { providerCircuitMetrics, providerReadinessCheck } from './provider-circuit.metrics.js';
import { RecordCallAnsweredHandler } from '../../application/calls/record-call-answered.handler.js';
import { RecordCallOutcomeHandler } from '../../application/calls/record-call-outcome.handler.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { localUrl } from '../config/local-url.js';
import { configuredWebhookSecrets, type WebhookSecrets } from '../config/webhook-secrets.js';
import { TelephonyWebhookController } from '../http/telephony/telephony-webhook.controller.js';
import { MockTelephonyProvider } from './mock-telephony.provider.js';
import { TwilioStatusController } from '../http/telephony/twilio-status.controller.js';
import { TwilioSignatureGuard } from '../http/telephony/twilio-signature.guard.js';
import type { TwilioTelephonyProvider } from './twilio/twilio-telephony.provider.js';
import { DEFAULT_TWIML } from './twilio/twilio-twiml.js';
import { WEBHOOK_PATH } from './webhook-payload.js';
import { PROVIDER_READINESS_CHECK, RAW_TELEPHONY, TELEPHONY_CALLBACK_URL, WEBHOOK_SECRETS, type CallbackUrlFn } from './telephony.tokens.js';

const logger = new Logger('telephony');

const callbackUrl = (config: AppConfig, adapterHost: HttpAdapterHost): CallbackUrlFn => () => {
  if (config.PUBLIC_BASE_URL) return `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
  const address = adapterHost.httpAdapter?.getHttpServer()?.address() as AddressInfo | string | null | undefined;
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return `${localUrl(config.HOST, port)}${WEBHOOK_PATH}`;
};

const mockProvider = (config: AppConfig, secrets: WebhookSecrets): MockTelephonyProvider =>
  new MockTelephonyProvider({
    minDurationMs: config.TELEPHONY_MOCK_MIN_DURATION_MS,
    maxDurationMs: config.TELEPHONY_MOCK_MAX_DURATION_MS,
    failureRate: config.TELEPHONY_MOCK_FAILURE_RATE,
    seed: config.TELEPHONY_MOCK_SEED,
    limits: { maxCps: config.TELEPHONY_MOCK_MAX_CPS, maxConcurrent: config.TELEPHONY_MOCK_MAX_CONCURRENT },
    secret: secrets.signing,
    onUndelivered: (payload, result) =>
      logger.warn(`webhook ${payload.status} for call ${payload.callId} #${payload.attempt} not delivered: ${JSON.stringify(result)}`),
  });

/**
 * `loadConfig` has refused a Twilio setup without credentials, caller id or public URL. Loaded only
 * here: the library costs every process ~35 MB, and with the mock no process needs it.
 */
const twilioProvider = async (config: AppConfig): Promise<TwilioTelephonyProvider> => {
  const { TwilioTelephonyProvider } = await import('./twilio/twilio-telephony.provider.js');
  return new TwilioTelephonyProvider({
    accountSid: config.TWILIO_ACCOUNT_SID ?? '',
    authToken: config.TWILIO_AUTH_TOKEN ?? '',
    fromNumber: config.TWILIO_FROM_NUMBER ?? '',
    publicBaseUrl: config.PUBLIC_BASE_URL ?? '',
    twiml: config.TWILIO_TWIML ?? DEFAULT_TWIML,
    twimlUrl: config.TWILIO_TWIML_URL,
    ringTimeoutMs: config.CALL_TIMEOUT_MS,
    machineDetection: config.TWILIO_MACHINE_DETECTION,
    apiBaseUrl: config.TWILIO_API_BASE_URL,
    requestTimeoutMs: config.TWILIO_REQUEST_TIMEOUT_MS,
  });
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
      provide: RAW_TELEPHONY,
      inject: [APP_CONFIG, WEBHOOK_SECRETS],
      useFactory: async (config: AppConfig, secrets: WebhookSecrets): Promise<Telephony> =>
        config.TELEPHONY_PROVIDER === 'twilio' ? twilioProvider(config) : mockProvider(config, secrets),
    },
    {
      provide: TELEPHONY,
      inject: [APP_CONFIG, RAW_TELEPHONY, METRICS_REGISTRY, DIAL_RATE_LIMITER],
      useFactory: (config: AppConfig, inner: Telephony, registry: Registry, limiter: DialRateLimiter): CircuitBreakingTelephony => {
        let onStateChange = (_state: CircuitState): void => undefined;
        const breaker = new CircuitBreakingTelephony(
          new SlowingTelephony(inner, limiter),
          { consecutiveFailures: config.TELEPHONY_BREAKER_FAILURES, halfOpenAfterMs: config.TELEPHONY_BREAKER_HALF_OPEN_AFTER_MS },
          (state) => onStateChange(state),
        );
        const counted = providerCircuitMetrics(registry, breaker);
        onStateChange = (state) => {
          counted(state);
          logger.warn(`provider circuit ${state}${state === 'open' ? ': dialing paused after consecutive provider failures' : ''}`);
        };
        return breaker;
      },
    },
    { provide: PROVIDER_CIRCUIT, useExisting: TELEPHONY },
    { provide: PROVIDER_READINESS_CHECK, inject: [PROVIDER_CIRCUIT], useFactory: providerReadinessCheck },
];

/**
 * The telephony side: the mock provider behind TELEPHONY and, where callbacks are received, the
 * signed webhook endpoint and the outcome command. A generated secret exists only in the process
 * that made it, so createApp refuses to start a role whose callbacks cross processes without one.
 */
@Global()
@Module({})
export class TelephonyModule {
  static forRoot(options: { receivesCallbacks: boolean; provider?: 'mock' | 'twilio' }): DynamicModule {
    const twilio = options.provider === 'twilio';
    const callbackControllers = twilio ? [TelephonyWebhookController, TwilioStatusController] : [TelephonyWebhookController];
    return {
      module: TelephonyModule,
      controllers: options.receivesCallbacks ? callbackControllers : [],
      providers: options.receivesCallbacks
        ? [...providers, RecordCallOutcomeHandler, RecordCallAnsweredHandler, ...(twilio ? [TwilioSignatureGuard] : [])]
        : providers,
      exports: [TELEPHONY, PROVIDER_CIRCUIT, PROVIDER_READINESS_CHECK, TELEPHONY_CALLBACK_URL, WEBHOOK_SECRETS],
    };
  }
}
