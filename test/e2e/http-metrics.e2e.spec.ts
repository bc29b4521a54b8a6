import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';

/** The value of one series in the /metrics text, 0 when absent. */
const sample = (metrics: string, series: string): number => {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};

describe('HTTP request metrics', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const metrics = async () => (await app.api<string>('GET', '//metrics')).text;

  it('count requests by route pattern and status, never by raw path', async () => {
    const series = 'dialstream_http_requests_total{method="GET",route="/api/v1/campaigns/:id",status="404"}';
    const before = sample(await metrics(), series);
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) expect((await app.api('GET', `/campaigns/${id}`)).status).toBe(404);

    const after = await metrics();
    expect(sample(after, series)).toBe(before + 2);
    for (const id of ids) expect(after).not.toContain(id);
  });

  it('put paths that match no route in one series, never by raw path', async () => {
    const series = 'dialstream_http_requests_total{method="GET",route="unmatched",status="404"}';
    const before = sample(await metrics(), series);
    const paths = [`//no-such-thing-${randomUUID()}`, `//no-such-thing-${randomUUID()}`];
    for (const path of paths) expect((await app.api('GET', path)).status).toBe(404);
    const after = await metrics();
    expect(sample(after, series)).toBe(before + 2);
    for (const path of paths) expect(after).not.toContain(path.slice(2));
  });

  it('time requests in a histogram by route', async () => {
    const count = 'dialstream_http_request_duration_seconds_count{method="GET",route="/api/v1/campaigns/:id"}';
    const before = sample(await metrics(), count);
    await app.api('GET', `/campaigns/${randomUUID()}`);
    const after = await metrics();
    expect(sample(after, count)).toBe(before + 1);
    expect(after).toContain('dialstream_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/campaigns/:id"}');
  });
});
