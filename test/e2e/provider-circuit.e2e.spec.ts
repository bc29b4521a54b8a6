import { startTestApp, type TestApp } from '../support/app.js';

describe('the provider circuit in /health/ready and /metrics', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('reports a closed circuit while the provider answers', async () => {
    const ready = await app.api('GET', '//health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toContainEqual({ name: 'provider', ok: true, circuit: 'closed' });
    const metrics = await app.api('GET', '//metrics');
    expect(metrics.text).toContain('dialstream_telephony_circuit_state{state="closed"} 1');
    expect(metrics.text).toContain('dialstream_telephony_circuit_state{state="open"} 0');
  });
});
