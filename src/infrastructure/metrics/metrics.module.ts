import { Global, Module } from '@nestjs/common';
import { METRICS_REGISTRY } from '../../projections/projections.tokens.js';
import { metricsRegistry } from './metrics.js';

/** Hands the process's one registry to the modules that register their metrics through DI. */
@Global()
@Module({ providers: [{ provide: METRICS_REGISTRY, useValue: metricsRegistry }], exports: [METRICS_REGISTRY] })
export class MetricsModule {}
