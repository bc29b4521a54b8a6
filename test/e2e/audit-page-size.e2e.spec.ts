import { AUDIT_PAGE_BYTES } from '../../src/projections/audit/get-stream-events.handler.js';
import { type ApiResponse, useTestApp } from '../support/app.js';
import { createCampaign, manyNumbers } from './support/campaign-requests.js';

const app = useTestApp();

describe('GET /campaigns/:id/events with large events', () => {
  it('bounds a page by bytes as well as count, and the cursor walks the whole trail', async () => {
    const { id } = await createCampaign(app);
    // Imports are stored 10,000 numbers an event, about 0.7 MB each: 6 of them outweigh a page.
    expect((await app.api('POST', `/campaigns/${id}/numbers`, { body: { phoneNumbers: manyNumbers(60_000) } })).status).toBe(200);
    const stored = (await app.store.readStream(`campaign-${id}`)).map((e) => e.streamVersion);

    const pages: Array<{ bytes: number; versions: number[] }> = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const response: ApiResponse = await app.api('GET', `/campaigns/${id}/events?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      pages.push({ bytes: Buffer.byteLength(response.text), versions: response.body.items.map((e: { streamVersion: number }) => e.streamVersion) });
      cursor = response.body.nextCursor;
    }
    expect(pages.length).toBeGreaterThan(1);
    const biggestEvent = 1024 * 1024;
    for (const page of pages) expect(page.bytes).toBeLessThanOrEqual(AUDIT_PAGE_BYTES + biggestEvent);
    expect(pages.flatMap((p) => p.versions)).toEqual(stored);
  }, 120_000);
});
