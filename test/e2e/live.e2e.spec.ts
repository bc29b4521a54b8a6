import { comparePositions, parsePosition } from '../../src/application/ports/event-store.port.js';
import { useTestApp } from '../support/app.js';
import { contractCheck } from '../support/contract.js';
import { ALWAYS_OPEN, ANY_HOUR } from '../support/dialer-harness.js';
import { openSse, type SseMessage, type SseStream } from '../support/sse-client.js';
import { fictional } from './support/campaign-requests.js';

const KEY = 'live-key';
const app = useTestApp({
  API_KEYS: KEY,
  SSE_HEARTBEAT_MS: '200',
  TELEPHONY_MOCK_MIN_DURATION_MS: '50',
  TELEPHONY_MOCK_MAX_DURATION_MS: '150',
  TELEPHONY_MOCK_FAILURE_RATE: '0',
});
const key = { headers: { 'x-api-key': KEY } };
const streams: SseStream[] = [];
afterEach(() => streams.splice(0).forEach((s) => s.close()));

const open = async (path: string, headers: Record<string, string> = {}): Promise<SseStream> => {
  const url = `${app.url}/api/v1${path}`;
  const stream = await openSse(url, headers);
  streams.push(stream);
  if (stream.status === 200) await stream.waitForText(/\n\n/);
  const text = stream.text();
  await contractCheck(app.url)({ method: 'GET', url, headers }, { status: stream.status, headers: stream.headers, body: text, text });
  return stream;
};

const tokenFor = async (): Promise<string> => {
  const answer = await app.api('POST', '/live/tokens', key);
  expect(answer.status).toBe(201);
  return answer.body.token as string;
};

const createCampaign = async (count: number): Promise<string> => {
  const body = {
    name: 'live',
    schedule: ALWAYS_OPEN,
    ...ANY_HOUR,
    phoneNumbers: Array.from({ length: count }, (_, i) => fictional(i)),
    maxConcurrentCalls: 2,
  };
  const created = await app.api('POST', '/campaigns', { ...key, body });
  expect(created.status).toBe(201);
  return created.body.id as string;
};

const isCampaign = (status: string) => (m: SseMessage) => m.event === 'campaign' && (m.data as { status: string }).status === status;
const ids = (messages: SseMessage[]) => messages.flatMap((m) => (m.id ? [m.id] : []));

describe('live updates by server-sent events (DESIGN §8)', () => {
  it('streams a campaign from its current state to completed, each update with a growing log position', async () => {
    const id = await createCampaign(6);
    const stream = await open(`/campaigns/${id}/live?access_token=${encodeURIComponent(await tokenFor())}`);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const first = await stream.next(isCampaign('pending'));
    expect(first.id).toMatch(/^\d+\/\d+$/);

    expect((await app.api('POST', `/campaigns/${id}/start`, key)).status).toBe(200);
    await stream.next(isCampaign('in_progress'));
    const done = await stream.next(isCampaign('completed'), 30_000);
    const campaignMessages = stream.messages.filter((m) => m.event === 'campaign');
    expect(campaignMessages.at(-1)).toBe(done);
    expect((done.data as { stats: { completed: number } }).stats.completed).toBe(6);
    expect(stream.messages.filter((m) => m.event === 'call').length).toBeGreaterThanOrEqual(6);

    const positions = ids(stream.messages).map(parsePosition);
    for (let i = 1; i < positions.length; i += 1) expect(comparePositions(positions[i - 1]!, positions[i]!)).toBeLessThan(0);
    await stream.waitForText(/: heartbeat\n\n/, 5_000);
  });

  it('resumes after Last-Event-ID with what changed since, and sends nothing when nothing did', async () => {
    const id = await createCampaign(3);
    const first = await open(`/campaigns/${id}/live`, key.headers);
    const before = (await first.next(isCampaign('pending'))).id!;
    first.close();

    expect((await app.api('POST', `/campaigns/${id}/start`, key)).status).toBe(200);
    await waitForStatus(id, 'completed');

    const resumed = await open(`/campaigns/${id}/live`, { ...key.headers, 'last-event-id': before });
    const caughtUp = await resumed.next((m) => m.event === 'campaign');
    expect(caughtUp.data).toMatchObject({ id, status: 'completed' });
    const last = ids(resumed.messages).at(-1)!;
    expect(comparePositions(parsePosition(last), parsePosition(before))).toBeGreaterThan(0);

    // A campaign nothing happens to: resuming from its snapshot's position finds nothing to send.
    const quiet = await createCampaign(1);
    const snapshot = await open(`/campaigns/${quiet}/live`, key.headers);
    const at = (await snapshot.next(isCampaign('pending'))).id!;
    const upToDate = await open(`/campaigns/${quiet}/live?lastEventId=${encodeURIComponent(at)}`, key.headers);
    await upToDate.waitForText(/: heartbeat\n\n/, 5_000);
    expect(upToDate.messages).toEqual([]);
  });

  it('tells the stream of every campaign about each one that changes', async () => {
    const all = await open('/live', key.headers);
    const ready = await all.next((m) => m.event === 'ready');
    expect(ready.id).toMatch(/^\d+\/\d+$/);
    const id = await createCampaign(2);
    expect((await app.api('POST', `/campaigns/${id}/start`, key)).status).toBe(200);
    await all.next((m) => isCampaign('completed')(m) && (m.data as { id: string }).id === id, 30_000);
    expect(all.messages.some((m) => m.event === 'call')).toBe(false);
  });

  it('needs the API key or an unexpired token from it, and 404s an unknown campaign', async () => {
    expect((await open('/live')).status).toBe(401);
    expect((await open('/live?access_token=4102444800.000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401);
    const token = await tokenFor();
    const [expires, fingerprint, mac] = token.split('.');
    expect((await open(`/live?access_token=${Number(expires) + 1}.${fingerprint}.${mac}`)).status).toBe(401);
    expect((await open(`/live?access_token=${encodeURIComponent(token)}`)).status).toBe(200);
    expect((await open('/campaigns/00000000-0000-4000-8000-000000000000/live', key.headers)).status).toBe(404);
    expect((await open('/live', { ...key.headers, 'last-event-id': 'yesterday' })).status).toBe(400);
  });
});

async function waitForStatus(id: string, status: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await app.api('GET', `/campaigns/${id}`, key)).body.status !== status) {
    if (Date.now() > deadline) throw new Error(`campaign ${id} did not reach ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
