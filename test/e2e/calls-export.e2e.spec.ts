import { parse } from 'csv-parse/sync';
import { useTestApp } from '../support/app.js';
import { createCampaign, fictional, manyNumbers } from './support/campaign-requests.js';

const app = useTestApp();

const exportCsv = (id: string, query = '') => app.api('GET', `/campaigns/${id}/calls${query}`, { headers: { accept: 'text/csv' } });

describe('GET /campaigns/:id/calls as CSV', () => {
  it('answers one row per number with its contact fields, status, outcome and attempts, variables as columns', async () => {
    const { id } = await createCampaign(app, {
      phoneNumbers: [
        { phoneNumber: fictional(1), name: 'Lovelace, Ada', timezone: 'America/Chicago', zip: '60601', variables: { policy: 'R-1', status: 'gold' } },
        fictional(2),
        { phoneNumber: fictional(3), variables: { renewal: '2026-12-01' } },
      ],
    });
    const response = await exportCsv(id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(`campaign-${id}-calls.csv`);
    const [header, ...rows] = parse(response.text) as string[][];
    expect(header).toEqual(['phoneNumber', 'name', 'timezone', 'zip', 'status', 'lastOutcome', 'attempts', 'firstAttemptAt', 'lastAttemptAt', 'nextAttemptAt', 'callId', 'policy', 'renewal', 'variables.status']);
    expect(rows.map((r) => [...r.slice(0, 10), ...r.slice(11)])).toEqual([
      [fictional(1), 'Lovelace, Ada', 'America/Chicago', '60601', 'pending', '', '0', '', '', '', 'R-1', '', 'gold'],
      [fictional(2), '', '', '', 'pending', '', '0', '', '', '', '', '', ''],
      [fictional(3), '', '', '', 'pending', '', '0', '', '', '', '', '2026-12-01', ''],
    ]);
    const json = await app.api('GET', `/campaigns/${id}/calls`);
    expect(rows.map((r) => r[10])).toEqual(json.body.items.map((c: { id: string }) => c.id));
  });

  it('filters by status, and answers 404 for an unknown campaign', async () => {
    const { id } = await createCampaign(app, { phoneNumbers: [fictional(1)] });
    expect(parse((await exportCsv(id, '?status=completed')).text)).toHaveLength(1);
    const missing = await exportCsv(id, '?status=pending');
    expect(parse(missing.text)).toHaveLength(2);
    const unknown = await exportCsv('00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('streams a large campaign past a page: every number once, in the order added, without Content-Length', async () => {
    const numbers = manyNumbers(12_000);
    const { id } = await createCampaign(app, { phoneNumbers: numbers });
    const response = await exportCsv(id);
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const rows = (parse(response.text) as string[][]).slice(1);
    expect(rows.map((r) => r[0])).toEqual(numbers);
  }, 60_000);
});
