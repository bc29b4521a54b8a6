import { Controller, Get, Header, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { metricsRegistry } from '../metrics/metrics.js';
import { PublicRoute } from './api-key.guard.js';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness.js';

/** Operations endpoints live at the root, outside /api/v1 (DESIGN §3), open to probes and scrapers. */
@ApiExcludeController()
@PublicRoute()
@Controller()
export class OperationsController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('health/live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready() {
    const results = await Promise.all(
      this.checks.map(async (check) => {
        try {
          return { name: check.name, ok: true, ...(await check.run()) };
        } catch (error) {
          return { name: check.name, ok: false, error: (error as Error).message };
        }
      }),
    );
    const body = { status: results.every((r) => r.ok) ? 'ok' : 'unavailable', checks: results };
    if (body.status !== 'ok') throw new ServiceUnavailableException(body);
    return body;
  }

  @Get('metrics')
  @Header('Content-Type', metricsRegistry.contentType)
  metrics() {
    return metricsRegistry.metrics();
  }
}
