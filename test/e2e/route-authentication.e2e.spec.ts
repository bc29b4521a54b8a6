import { randomUUID } from 'node:crypto';
import { useTestApp } from '../support/app.js';
import { createBody } from './support/campaign-requests.js';
import { type RegisteredRoute, registeredRoutes } from './support/registered-routes.js';

const KEY = 'route-authentication-key';
// Far more routes than AUTH_FAILURE_LIMIT answer 401 here; the limit has its own test.
const app = useTestApp({ API_KEYS: KEY, AUTH_FAILURE_LIMIT: '0' });

/** Open by design: probes, scrapers, the docs, and the provider webhook (authenticated by its signature). */
const isPublic = ({ method, path }: RegisteredRoute): boolean =>
  path.startsWith('/docs') ||
  ['GET /health/live', 'GET /health/ready', 'GET /metrics', 'POST /api/v1/telephony/webhooks'].includes(`${method} ${path}`);

/** Bodies a handler would accept, so a request that slipped past the key would visibly succeed. */
const bodyFor = (path: string): object => {
  if (path === '/api/v1/campaigns') return createBody();
  if (path === '/api/v1/calls') return { phoneNumber: '+14155550100' };
  if (path.endsWith('/numbers')) return { phoneNumbers: ['+14155550101'] };
  return {};
};

const concrete = (path: string): string =>
  path.replace(/:phoneNumber/g, encodeURIComponent('+14155550100')).replace(/:\w+/g, randomUUID());

/** The same route spelled the ways a lenient router, proxy or guard might treat as equal. */
const spellings = (path: string): Array<[string, string]> => {
  const letter = path.search(/[a-z]/);
  return [
    ['upper case', path.toUpperCase()],
    ['mixed case', path.replace(/\/([a-z])/g, (_, c: string) => `/${c.toUpperCase()}`)],
    ['trailing slash', `${path}/`],
    ['leading double slash', `/${path}`],
    ['inner double slash', path.replace(/\/(?=[^/]*$)/, '//')],
    ['percent-encoded letter', `${path.slice(0, letter)}%${path.charCodeAt(letter).toString(16)}${path.slice(letter + 1)}`],
  ];
};

const send = (method: string, path: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: JSON.stringify(bodyFor(path)) }),
  });

describe('API keys: which routes are public is decided by route metadata, never by the path', () => {
  let routes: RegisteredRoute[];
  beforeAll(() => {
    routes = registeredRoutes(app.running.app);
  });

  it('finds every route of the service in the router', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toEqual(expect.arrayContaining([{ method: 'POST', path: '/api/v1/calls' }, { method: 'GET', path: '/health/live' }]));
  });

  it('answers 401 without a key on every route not public by design', async () => {
    const answers = [];
    for (const route of routes.filter((r) => !isPublic(r))) {
      answers.push([route.method, route.path, (await send(route.method, concrete(route.path))).status]);
    }
    expect(answers).toEqual(answers.map(([method, path]) => [method, path, 401]));
  });

  // The test above proves the non-public ones answer 401; this ties the document to the same list.
  it('declares the API key in /docs-json on every operation but the public ones', async () => {
    const doc = (await (await fetch(`${app.url}/docs-json`)).json()) as { paths: Record<string, Record<string, { security?: unknown }>> };
    const declared: Array<[string, string, unknown]> = [];
    for (const route of routes.filter((r) => !r.path.startsWith('/docs'))) {
      const operation = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      declared.push([route.method, route.path, operation?.security ?? 'undocumented']);
    }
    expect(declared).toEqual(declared.map(([method, path]) => [method, path, isPublic({ method, path }) ? [] : [{ apiKey: [] }]]));
  });

  it('never answers 2xx nor stores anything for any other spelling of any route, without a key', async () => {
    const before = await app.eventCount();
    const leaks = [];
    for (const route of routes) {
      for (const [how, path] of spellings(concrete(route.path))) {
        const { status } = await send(route.method, path);
        const leaked = status >= 500 || (status < 300 && !isPublic(route));
        if (leaked) leaks.push(`${route.method} ${path} (${how}) → ${status}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await app.eventCount()).toBe(before);
  }, 60_000);

  it('serves each resource under one spelling only, even with a key', async () => {
    const before = await app.eventCount();
    for (const path of ['/API/v1/campaigns', '/api/v1/campaigns/', '/api/V1/calls']) {
      expect([path, (await send(path.endsWith('calls') ? 'POST' : 'GET', path, { 'x-api-key': KEY })).status]).toEqual([path, 404]);
    }
    expect(await app.eventCount()).toBe(before);
  });
});
