import type { INestApplication } from '@nestjs/common';

export type RegisteredRoute = Readonly<{ method: string; path: string }>;

const CATCH_ALL_AT = 10;

type Layer = { route?: { path: string; methods: Record<string, boolean> } };

/**
 * Every route the HTTP server actually serves, read from Express's router rather than listed by
 * hand, so a route added later is covered without anyone remembering to add it here.
 */
export const registeredRoutes = (app: INestApplication): RegisteredRoute[] => {
  const stack = (app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router.stack;
  return stack.flatMap(({ route }) => {
    const methods = Object.keys(route?.methods ?? {});
    // `app.all(...)` layers are Nest's 404 answers for every method, not routes anyone serves.
    if (route === undefined || methods.length > CATCH_ALL_AT) return [];
    return methods.map((method) => ({ method: method.toUpperCase(), path: route.path }));
  });
};
