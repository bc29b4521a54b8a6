import type { AddressInfo } from 'node:net';
import { useTestApp } from '../support/app.js';

const worker = useTestApp({ TELEPHONY_WEBHOOK_SECRET: 'roles-e2e-secret' }, { role: 'worker' });

describe('dialstream worker', () => {
  it('serves health and metrics only: no REST API, no webhook endpoint, no API docs', async () => {
    expect((await worker.api('GET', '//health/live')).status).toBe(200);
    expect((await worker.api('GET', '//metrics')).status).toBe(200);
    const answers = [];
    for (const [method, path] of [
      ['GET', '/campaigns'],
      ['POST', '/calls'],
      ['POST', '/telephony/webhooks'],
      ['GET', '//docs-json'],
    ] as const) {
      answers.push([method, path, (await worker.api(method, path, method === 'POST' ? { body: {} } : {})).status]);
    }
    expect(answers).toEqual(answers.map(([method, path]) => [method, path, 404]));
  });

  it('listens on loopback unless HOST says otherwise', () => {
    expect((worker.running.app.getHttpServer().address() as AddressInfo).address).toBe('127.0.0.1');
  });
});
