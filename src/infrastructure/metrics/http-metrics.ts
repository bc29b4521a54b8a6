import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';

const existing = <T>(registry: Registry, name: string): T | undefined => registry.getSingleMetric(name) as T | undefined;

/**
 * The route pattern Express matched (`/api/v1/campaigns/:id`), never the raw path: ids and phone
 * numbers in URLs would make one series per request. Whatever matched no route is one series.
 */
const routeOf = (request: Request): string => {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : 'unmatched';
};

/** Requests by method, route and status, and their latency by method and route; one registry per process. */
export const httpMetrics = (registry: Registry) => {
  const requests =
    existing<Counter<'method' | 'route' | 'status'>>(registry, 'dialstream_http_requests_total') ??
    new Counter({ name: 'dialstream_http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency =
    existing<Histogram<'method' | 'route'>>(registry, 'dialstream_http_request_duration_seconds') ??
    new Histogram({
      name: 'dialstream_http_request_duration_seconds',
      help: 'From a request received to its response finished, by route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  return (request: Request, response: Response, next: NextFunction): void => {
    const began = process.hrtime.bigint();
    response.once('finish', () => {
      const route = routeOf(request);
      requests.inc({ method: request.method, route, status: String(response.statusCode) });
      latency.observe({ method: request.method, route }, Number(process.hrtime.bigint() - began) / 1e9);
    });
    next();
  };
};
