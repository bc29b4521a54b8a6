import { Controller, Get, Header, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { metricsRegistry } from '../metrics/metrics.js';
import { ErrorResponseDto } from './error.response.dto.js';
import { PublicRoute } from './api-key.guard.js';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness.js';
import { serviceMetrics } from './worker-link.js';

const READINESS_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    checks: {
      type: 'array',
      items: { type: 'object', required: ['name', 'ok'], properties: { name: { type: 'string' }, ok: { type: 'boolean' } }, additionalProperties: true },
    },
  },
};

/** Operations endpoints live at the root, outside /api/v1 (DESIGN §3), open to probes and scrapers. */
@ApiTags('operations')
@PublicRoute()
@Controller()
export class OperationsController {
  constructor(
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('health/live')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } })
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: database, event store and projections, each with its state' })
  @ApiOkResponse({ schema: READINESS_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'A check failed.', type: ErrorResponseDto })
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
    if (body.status !== 'ok') {
      const failing = results.filter((r) => !r.ok).map((r) => r.name);
      throw new ServiceUnavailableException({ message: `not ready: ${failing.join(', ')}`, details: body });
    }
    return body;
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  @Header('Content-Type', metricsRegistry.contentType)
  metrics() {
    return serviceMetrics(this.config.WORKER_URL);
  }
}
