import { useTestApp } from '../support/app.js';
import { waitFor } from '../support/dialer-harness.js';
import { createCampaign, fictional } from './support/campaign-requests.js';

const app = useTestApp();

/** The series of one campaign in the /metrics text, by name (with the other labels). */
const seriesOf = async (campaign: string): Promise<Map<string, number>> => {
  const text = (await app.api<string>('GET', '//metrics')).text;
  const lines = text.split('\n').filter((line) => line.includes(`campaign="${campaign}"`) && line.startsWith('dialstream_campaign_'));
  return new Map(lines.map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]));
};

describe('per-campaign metrics', () => {
  it('show a running campaign: its numbers by status, attempts and cap; and drop it when it stops running', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1), fictional(2), fictional(3)], maxConcurrentCalls: 2 });
    expect(await seriesOf(id)).toEqual(new Map());

    expect((await app.api('POST', `/campaigns/${id}/start`)).status).toBe(200);
    await waitFor('the running campaign in /metrics', async () => (await seriesOf(id)).size > 0);
    const series = await seriesOf(id);
    const numbers = [...series].filter(([name]) => name.startsWith('dialstream_campaign_numbers{'));
    expect(numbers.map(([name]) => /status="(\w+)"/.exec(name)![1]).sort()).toEqual(['cancelled', 'completed', 'failed', 'in_progress', 'pending', 'retry_scheduled', 'skipped']);
    expect(numbers.reduce((sum, [, value]) => sum + value, 0)).toBe(3);
    expect(series.get(`dialstream_campaign_max_concurrent_calls{campaign="${id}"}`)).toBe(2);
    expect(series.get(`dialstream_campaign_attempts{campaign="${id}"}`)).toEqual(expect.any(Number));

    expect((await app.api('POST', `/campaigns/${id}/cancel`)).status).toBe(200);
    await waitFor('the cancelled campaign gone from /metrics', async () => (await seriesOf(id)).size === 0);
  });
});
