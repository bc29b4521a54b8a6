import { request } from 'node:http';
import { Readable } from 'node:stream';
import { useTestApp } from '../support/app.js';
import { createCampaign, eventTypes } from './support/campaign-requests.js';

const app = useTestApp();

const MB = 1024 * 1024;
/** Far beyond any limit: a server that drains it reads all of it. */
const UPLOAD_BYTES = 1024 * MB;
/** What one connection may still swallow after the answer: the limit plus socket and stream buffers. */
const MOST_READ_BYTES = 96 * MB;

type Outcome = Readonly<{ status: number | null; connection: string | null; sent: number }>;

/**
 * Streams an endless-looking CSV (a valid number per line) and counts the bytes the server let the
 * client push before the connection ended. The body is produced on demand, so what was sent is what
 * the server's socket accepted.
 */
const streamHugeCsv = (campaignId: string, line: Buffer): Promise<Outcome> =>
  new Promise((resolve) => {
    let sent = 0;
    let status: number | null = null;
    let connection: string | null = null;
    const chunk = Buffer.concat(Array(Math.ceil(64 * 1024 / line.length)).fill(line));
    const body = new Readable({
      read() {
        if (sent >= UPLOAD_BYTES) return this.push(null);
        sent += chunk.length;
        this.push(chunk);
      },
    });
    const url = new URL(`${app.url}/api/v1/campaigns/${campaignId}/numbers`);
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/csv' } }, (res) => {
      status = res.statusCode ?? null;
      connection = res.headers.connection ?? null;
      res.resume();
    });
    const done = (): void => {
      body.destroy();
      resolve({ status, connection, sent });
    };
    req.on('close', done);
    req.on('error', done);
    body.pipe(req);
  });

const SHAPES = {
  'more numbers than a request may add': { line: '+14155550101\n', status: 413 },
  'one endless line': { line: '+', status: 400 },
};

describe('an oversized CSV upload', () => {
  it.each(Object.keys(SHAPES))('of %s is refused, and the server hangs up rather than read the rest', async (shape) => {
    const { line, status } = SHAPES[shape as keyof typeof SHAPES];
    const { id } = await createCampaign(app);
    const outcome = await streamHugeCsv(id, Buffer.from(line));
    expect(outcome.status).toBe(status);
    expect(outcome.connection).toBe('close');
    expect(outcome.sent).toBeLessThan(MOST_READ_BYTES);
    expect(await eventTypes(app, id)).toEqual(['CampaignCreated']);
  }, 120_000);
});
