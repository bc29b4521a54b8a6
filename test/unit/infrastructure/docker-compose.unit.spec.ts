import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Service = { ports?: string[]; environment?: Record<string, string> };
const compose = parse(readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};

/** `${NAME:?message}`: compose refuses to start while NAME is unset or empty. */
const REQUIRED = /^\$\{(\w+):\?[^}]*\}$/;

describe('docker-compose.yml', () => {
  it('publishes no store: PostgreSQL, Redis and KurrentDB are reachable from the compose network only', () => {
    for (const name of ['postgres', 'redis', 'eventstore']) expect([name, compose.services[name]!.ports]).toEqual([name, undefined]);
  });

  it('publishes the API on loopback only', () => {
    const published = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('ships no key, secret or password: each must be supplied, or compose refuses to start', () => {
    for (const service of ['dialstream', 'worker']) {
      const env = compose.services[service]!.environment!;
      expect(env.API_KEYS).toMatch(REQUIRED);
      expect(env.TELEPHONY_WEBHOOK_SECRET).toMatch(REQUIRED);
      expect(env.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    }
    expect(compose.services.postgres!.environment!.POSTGRES_PASSWORD).toMatch(REQUIRED);
  });
});
