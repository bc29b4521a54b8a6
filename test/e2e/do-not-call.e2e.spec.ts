import { setTimeout as sleep } from 'node:timers/promises';
import { NumberGate } from '../../src/application/do-not-call/number-gate.js';
import { READ_MODEL_PROGRESS, type ReadModelProgress } from '../../src/application/ports/read-model-progress.port.js';
import { useTestApp } from '../support/app.js';

const app = useTestApp();

let next = 0;
/** Fresh numbers per test, so tests never see each other's entries. */
const fresh = (): string => `+1415${String(3_000_000 + next++).padStart(7, '0')}`;
const path = (phoneNumber: string): string => `/dnc/${encodeURIComponent(phoneNumber)}`;
const add = (body: unknown) => app.api('POST', '/dnc', { body });
const inAnHour = (): string => new Date(Date.now() + 3_600_000).toISOString();
const stored = (): Promise<number> => app.eventCount('number-');

describe('POST /api/v1/dnc', () => {
  it('lists valid numbers, counts the ones already listed and reports the invalid ones', async () => {
    const [a, b] = [fresh(), fresh()];
    await add({ phoneNumbers: [a], reason: 'asked by letter' });
    const { status, body } = await add({ phoneNumbers: [a, b, b, 'not-a-number'], reason: 'asked by phone' });
    expect(status).toBe(200);
    expect(body).toEqual({ added: 1, alreadyListed: 2, invalid: [{ value: 'not-a-number', reason: expect.any(String) }] });
    const entry = await app.api('GET', path(b));
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({ phoneNumber: b, reason: 'asked by phone', source: 'api', expiresAt: null, callId: null });
  });

  it('takes numbers written with separators and stores them in E.164', async () => {
    const number = fresh();
    const spaced = `${number.slice(0, 2)} (${number.slice(2, 5)}) ${number.slice(5, 8)}-${number.slice(8)}`;
    expect((await add({ phoneNumbers: [spaced], reason: 'r' })).body).toMatchObject({ added: 1 });
    expect((await app.api('GET', path(number))).status).toBe(200);
  });

  it.each([
    ['no reason', { phoneNumbers: ['+14155550100'] }, 'reason'],
    ['an empty reason', { phoneNumbers: ['+14155550100'], reason: ' ' }, 'reason'],
    ['a reason that is not a string', { phoneNumbers: ['+14155550100'], reason: 7 }, 'reason'],
    ['phoneNumbers not an array', { phoneNumbers: '+14155550100', reason: 'r' }, 'phoneNumbers'],
    ['an expiry in the past', { phoneNumbers: ['+14155550100'], reason: 'r', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ['an expiry without a zone', { phoneNumbers: ['+14155550100'], reason: 'r', expiresAt: '2031-01-01T00:00:00' }, 'expiresAt'],
    ['an expiry that is no date', { phoneNumbers: ['+14155550100'], reason: 'r', expiresAt: 'tomorrow' }, 'expiresAt'],
    ['an unknown field', { phoneNumbers: ['+14155550100'], reason: 'r', campaignId: 'x' }, 'campaignId'],
  ])('answers 400 naming the field for %s, storing nothing', async (_what, body, field) => {
    const before = await stored();
    const response = await add(body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining(field) });
    expect(await stored()).toBe(before);
  });

  it('answers 413 above the per-request limit, storing nothing', async () => {
    const before = await stored();
    const phoneNumbers = Array.from({ length: 10_001 }, (_, i) => `+1415${String(4_000_000 + i).padStart(7, '0')}`);
    const response = await add({ phoneNumbers, reason: 'too many' });
    expect(response.status).toBe(413);
    expect(await stored()).toBe(before);
  });

  it('imports CSV with the reason and expiry as query parameters', async () => {
    const [a, b] = [fresh(), fresh()];
    const expiresAt = inAnHour();
    const response = await app.api('POST', `/dnc?reason=${encodeURIComponent('CRM export')}&expiresAt=${expiresAt}`, {
      contentType: 'text/csv',
      body: `phoneNumber,name\n${a},Ada\n${b},Grace\nnope,Nobody\n`,
    });
    expect(response.body).toEqual({ added: 2, alreadyListed: 0, invalid: [{ value: 'nope', reason: expect.any(String) }] });
    expect((await app.api('GET', path(a))).body).toMatchObject({ source: 'csv', reason: 'CRM export', expiresAt });
  });

  it('answers 400 naming reason for a CSV import without one, storing nothing', async () => {
    const before = await stored();
    const response = await app.api('POST', '/dnc', { contentType: 'text/csv', body: `${fresh()}\n` });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('reason');
    expect(await stored()).toBe(before);
  });

  it('refuses a dial claimed after the add answered (invariant 9, through the app)', async () => {
    const number = fresh();
    await add({ phoneNumbers: [number], reason: 'r' });
    const gate = app.running.app.get(NumberGate);
    const claim = await gate.claim(number, { campaignId: null, callId: 'c', attempt: 1, subject: 's' }, new Date());
    expect(claim).toEqual({ status: 'refused', refused: 'dnc', nextAllowedAt: null });
  });
});

describe('GET and DELETE /api/v1/dnc/:phoneNumber', () => {
  it('shows an entry with its history; removal answers 204 and then 404; a new add is a new entry', async () => {
    const number = fresh();
    await add({ phoneNumbers: [number], reason: 'first', expiresAt: inAnHour() });
    await add({ phoneNumbers: [number], reason: 'for good' });
    expect((await app.api('DELETE', path(number))).status).toBe(204);
    expect((await app.api('GET', path(number))).status).toBe(404);
    expect((await app.api('DELETE', path(number))).status).toBe(404);
    await add({ phoneNumbers: [number], reason: 'again' });
    const { body } = await app.api('GET', path(number));
    expect(body.reason).toBe('again');
    expect(body.history.map((c: { action: string; reason: string | null }) => [c.action, c.reason])).toEqual([
      ['added', 'first'],
      ['added', 'for good'],
      ['removed', null],
      ['added', 'again'],
    ]);
    expect(body.history[0]).toMatchObject({ source: 'api', actor: expect.any(String), at: expect.any(String) });
  });

  it('stops listing an entry at its expiry, and lists the number again on a new add', async () => {
    const number = fresh();
    // Generous, so a loaded machine still answers the add before the expiry; what it shows is checked above.
    const expiresAt = new Date(Date.now() + 4_000).toISOString();
    expect((await add({ phoneNumbers: [number], reason: 'briefly', expiresAt })).body).toMatchObject({ added: 1 });
    await sleep(Math.max(0, Date.parse(expiresAt) - Date.now()) + 100);
    expect((await app.api('GET', path(number))).status).toBe(404);
    const listed = await app.api('GET', '/dnc?limit=500');
    expect(listed.body.items.map((e: { phoneNumber: string }) => e.phoneNumber)).not.toContain(number);
    expect((await add({ phoneNumbers: [number], reason: 'back' })).body).toMatchObject({ added: 1 });
  });

  it('shows an opt-out recorded during a call', async () => {
    const number = fresh();
    const position = await app.running.app.get(NumberGate).recordOptOut(number, 'call-42', new Date());
    await app.running.app.get<symbol, ReadModelProgress>(READ_MODEL_PROGRESS).waitFor(position!, 5_000);
    expect((await app.api('GET', path(number))).body).toMatchObject({ source: 'opt_out', callId: 'call-42', expiresAt: null });
  });

  it('answers 400 naming phoneNumber for a path that is not a phone number', async () => {
    const response = await app.api('GET', '/dnc/not-a-number');
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('phoneNumber');
  });
});

describe('GET /api/v1/dnc', () => {
  it('pages through the entries in force, newest first, filtered by source', async () => {
    const numbers = [fresh(), fresh(), fresh()];
    for (const number of numbers) await add({ phoneNumbers: [number], reason: 'paged' });
    const first = await app.api('GET', '/dnc?limit=2&source=api');
    expect(first.body.items.map((e: { phoneNumber: string }) => e.phoneNumber)).toEqual([numbers[2], numbers[1]]);
    const second = await app.api('GET', `/dnc?limit=1&source=api&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { phoneNumber: string }) => e.phoneNumber)).toEqual([numbers[0]]);
  });

  it.each([
    ['limit above 500', '?limit=501', 'limit'],
    ['an unknown source', '?source=robot', 'source'],
    ['a foreign cursor', '?cursor=abc', 'cursor'],
  ])('answers 400 naming the field for %s', async (_what, query, field) => {
    const response = await app.api('GET', `/dnc${query}`);
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(field);
  });
});
