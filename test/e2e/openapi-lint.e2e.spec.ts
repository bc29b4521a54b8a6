import { createConfig, lintFromString } from '@redocly/openapi-core';
import { useTestApp } from '../support/app.js';

const app = useTestApp();

/**
 * Findings accepted on purpose, each with its reason (a Redocly ignore file, kept here). The probes
 * and the metrics scrape take no input, no key and no rate limit: no 4xx can happen there.
 */
const ACCEPTED = {
  'docs-json.json': {
    'operation-4xx-response': new Set(['/health/live', '/health/ready', '/metrics'].map((path) => `#/paths/${path.replaceAll('/', '~1')}/get/responses`)),
  },
};

describe('GET /docs-json against Redocly’s recommended rules', () => {
  it('has no errors and no warnings', async () => {
    const source = await (await fetch(`${app.url}/docs-json`)).text();
    const config = await createConfig({ extends: ['recommended'] }, { ignore: ACCEPTED });
    const problems = await lintFromString({ source, absoluteRef: 'docs-json.json', config });
    const found = problems.filter((p) => !p.ignored).map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);
    expect(found).toEqual([]);
  });
});
