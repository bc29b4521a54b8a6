import { randomUUID } from 'node:crypto';
import { useTestApp } from '../support/app.js';
import { createBody, createCampaign, fictional } from './support/campaign-requests.js';

const app = useTestApp();

const ROUNDS = 6;
const RACE_TIMEOUT_MS = 120_000;
const RACERS = 6;
const keyed = (key: string) => ({ 'idempotency-key': key });

const campaignsNamed = async (names: readonly string[]): Promise<string[]> =>
  (await app.db.knex('events').where({ type: 'CampaignCreated' }).select('data'))
    .map((row: { data: { name: string } }) => row.data.name)
    .filter((name: string) => names.includes(name));

const numbersOf = async (campaignId: string): Promise<string[]> =>
  (await app.db.knex('events').where({ stream: `campaign-${campaignId}`, type: 'CampaignNumbersAdded' }).select('data'))
    .flatMap((row: { data: { calls: Array<{ phoneNumber: string }> } }) => row.data.calls.map((c) => c.phoneNumber))
    .sort();

/** A loser is told the key is taken by another request (422), whether that one is still running or done. */
const REFUSED = [422];

describe('Idempotency-Key under concurrent requests', () => {
  it('one key, different create bodies at once: exactly one campaign, and it is the one answered 201', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = randomUUID();
      const bodies = Array.from({ length: RACERS }, () => createBody());
      const responses = await Promise.all(bodies.map((body) => app.api('POST', '/campaigns', { body, headers: keyed(key) })));
      const winners = responses.filter((r) => r.status === 201);
      expect(winners).toHaveLength(1);
      expect(responses.filter((r) => r.status !== 201).every((r) => REFUSED.includes(r.status))).toBe(true);
      expect(await campaignsNamed(bodies.map((b) => b.name))).toEqual([winners[0]!.body.name]);
    }
  }, RACE_TIMEOUT_MS);

  it('one key, different number lists at once: only the 200 answer stored its numbers, refusals stored none', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await createCampaign(app);
      const key = randomUUID();
      const lists = Array.from({ length: RACERS }, (_, i) => [fictional(10 * i + 1), fictional(10 * i + 2)]);
      const responses = await Promise.all(
        lists.map((phoneNumbers) => app.api('POST', `/campaigns/${id}/numbers`, { body: { phoneNumbers }, headers: keyed(key) })),
      );
      const winner = responses.findIndex((r) => r.status === 200);
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      expect(responses[winner]!.body.added).toBe(2);
      expect(responses.filter((r) => r.status !== 200).every((r) => REFUSED.includes(r.status))).toBe(true);
      expect(await numbersOf(id)).toEqual([...lists[winner]!].sort());
    }
  }, RACE_TIMEOUT_MS);

  it('one key, one body at once: one campaign, every racer answered the same 201', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = randomUUID();
      const body = createBody({ phoneNumbers: [fictional(1)] });
      const responses = await Promise.all(
        Array.from({ length: RACERS }, () => app.api('POST', '/campaigns', { body, headers: keyed(key) })),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(RACERS).fill(201));
      expect(new Set(responses.map((r) => r.text)).size).toBe(1);
      expect(await campaignsNamed([body.name])).toHaveLength(1);
    }
  }, RACE_TIMEOUT_MS);
});

describe('Idempotency-Key scope', () => {
  it('is the route, not its spelling: another spelling of the route never makes a second campaign', async () => {
    const key = randomUUID();
    const body = createBody();
    const first = await app.api('POST', '/campaigns', { body, headers: keyed(key) });
    // Routing is strict and case-sensitive, so other spellings reach no handler at all.
    const slash = await app.api('POST', '/campaigns/', { body, headers: keyed(key) });
    const upper = await app.api('POST', '/CAMPAIGNS', { body, headers: keyed(key) });
    expect([first.status, slash.status, upper.status]).toEqual([201, 404, 404]);
    const replay = await app.api('POST', '/campaigns', { body, headers: keyed(key) });
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await campaignsNamed([body.name])).toHaveLength(1);
  });

  it('names the campaign id by its value, whatever the case of the UUID in the path', async () => {
    const { id } = await createCampaign(app);
    const key = randomUUID();
    const body = { phoneNumbers: [fictional(1)] };
    const first = await app.api('POST', `/campaigns/${id}/numbers`, { body, headers: keyed(key) });
    const upper = await app.api('POST', `/campaigns/${id.toUpperCase()}/numbers`, { body, headers: keyed(key) });
    expect(upper.status).toBe(200);
    expect(upper.text).toBe(first.text);
    expect(upper.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('Idempotency-Key expiry', () => {
  it('keeps a key for IDEMPOTENCY_KEY_TTL_MS (24 h by default), then takes it as a new request', async () => {
    const key = randomUUID();
    const first = await app.api('POST', '/campaigns', { body: createBody(), headers: keyed(key) });
    const row = await app.db.knex('idempotency_keys').where({ key }).first();
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(24 * 3600 * 1000);

    // A day later (the row's clock moved, not the test's): another body under the key is a new campaign.
    await app.db.knex('idempotency_keys').where({ key }).update({ expires_at: app.db.knex.raw("now() - interval '1 second'") });
    const later = await app.api('POST', '/campaigns', { body: createBody(), headers: keyed(key) });
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
  });
});
