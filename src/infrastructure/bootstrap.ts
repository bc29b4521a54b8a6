import { type ConsoleLogger, type INestApplication, RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { type AppConfig, loadConfig } from './config/app-config.js';
import { AppModule, type Role, servesApi } from './app.module.js';
import { localUrl } from './config/local-url.js';
import { assertWebhookSecretFor } from './config/webhook-secrets.js';
import { ApiKeys } from './http/api-keys.js';
import { bodyParsing } from './http/body-parsing.js';
import { consoleAssets } from './http/console/console-assets.js';
import { ErrorFilter, validationExceptionFactory } from './http/error.filter.js';
import { rejectUnsafeInput } from './http/shared/input-text.middleware.js';
import { lockDataDir } from './embedded/data-dir-lock.js';
import { setUpSwagger } from './http/swagger.js';
import { assertPortFree } from './http/port-free.js';
import { IsoConsoleLogger } from './logging/iso-console-logger.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { metricsRegistry } from './metrics/metrics.js';
import { MaskingConsoleLogger } from './logging/masking-console-logger.js';
import { revealsPersonalData } from './logging/personal-data.js';
import { openStores } from './persistence/open-stores.js';

export type Running = { app: INestApplication; config: AppConfig; url: string; close(): Promise<void> };

/**
 * Builds the Nest application for a role. Used by `dialstream start|api|worker` and by the e2e tests,
 * so both exercise the same wiring. DATABASE_URL unset → embedded PostgreSQL under DATA_DIR.
 */
export async function createApp(options: { role?: Role; config?: AppConfig; logger?: false } = {}): Promise<Running> {
  const config = options.config ?? loadConfig();
  const role = options.role ?? 'all';
  assertWebhookSecretFor(role, config);
  const logger = options.logger === false ? false : serviceLogger(config.LOG_LEVEL);
  await assertPortFree(config.PORT, config.HOST);
  const lock = config.DATABASE_URL ? null : await lockDataDir(config.DATA_DIR);
  const stores = await openStores(config, (m) => console.warn(m), { ownsDataDir: lock !== null }).catch(async (error: unknown) => {
    await lock?.release();
    throw error;
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, stores, role }), strictRouting(), {
    logger,
    bodyParser: false,
  }).catch(async (error: unknown) => {
    await stores.close();
    await lock?.release();
    throw error;
  });
  app.use(httpMetrics(metricsRegistry));
  app.use(bodyParsing(new ApiKeys(config.API_KEYS)));
  app.use(rejectUnsafeInput);
  app.disable('x-powered-by');
  if (servesApi(role)) app.use(consoleAssets());
  app.setGlobalPrefix('api/v1', {
    exclude: [{ path: 'health/{*check}', method: RequestMethod.GET }, { path: 'metrics', method: RequestMethod.GET }],
  });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationExceptionFactory }),
  );
  app.useGlobalFilters(new ErrorFilter());
  if (servesApi(role)) setUpSwagger(app);
  await app.listen(config.PORT, config.HOST).catch(async (error: unknown) => {
    await app.close();
    await stores.close();
    await lock?.release();
    throw error;
  });
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    url: localUrl(config.HOST, address.port),
    close: async () => {
      await app.close();
      await stores.close();
      await lock?.release();
    },
  };
}

/**
 * One spelling per route: `/API/v1/…`, `/api/v1/campaigns/` and the like answer 404 instead of
 * reaching a handler, so nothing downstream (idempotency scopes, logs, metrics) sees two names for
 * one resource. Set before Nest registers anything: Express builds its router on first use.
 */
function strictRouting(): ExpressAdapter {
  const instance = express();
  instance.set('case sensitive routing', true);
  instance.set('strict routing', true);
  return new ExpressAdapter(instance);
}

/** Exported for tests that read what the service logs. */
export function serviceLogger(level: string): ConsoleLogger {
  const options = { json: !process.stdout.isTTY, logLevels: logLevels(level) };
  return revealsPersonalData(level) ? new IsoConsoleLogger(options) : new MaskingConsoleLogger(options);
}

function logLevels(level: string) {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  const cut = { silent: 0, fatal: 1, error: 2, warn: 3, info: 4, debug: 5, trace: 6 }[level] ?? 4;
  return order.slice(0, cut);
}
