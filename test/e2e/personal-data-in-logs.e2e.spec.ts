import { createApp, type Running } from '../../src/infrastructure/bootstrap.js';
import { loadConfig } from '../../src/infrastructure/config/app-config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { closedSchedule } from './support/campaign-requests.js';

const PHONE = '+14155550123';
const NAME = 'Renewals for Jane Roe';

/** Everything the process writes while `run` runs: where the service's logger prints. */
const captureOutput = async (run: () => Promise<void>): Promise<string> => {
  const written: string[] = [];
  const original = { out: process.stdout.write, err: process.stderr.write };
  const capture = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    await run();
  } finally {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
  }
  return written.join('');
};

/** Every append now fails inside PostgreSQL, with the phone number and name among the bound values. */
const failingRequests = (running: Running) => async () => {
  const post = (path: string, body: object) =>
    fetch(`${running.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await post('/calls', { phoneNumber: PHONE })).status).toBeGreaterThanOrEqual(500);
  expect((await post('/campaigns', { name: NAME, phoneNumbers: [PHONE], schedule: closedSchedule() })).status).toBeGreaterThanOrEqual(500);
};

describe.each([
  ['info', false],
  ['debug', true],
])('LOG_LEVEL=%s: failing queries with personal data in the rows they write', (level, reveals) => {
  let db: TestDatabase;
  let running: Running;
  beforeAll(async () => {
    db = await createTestDatabase();
    running = await createApp({ config: loadConfig({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: level, RATE_LIMIT_PER_MINUTE: '0' }) });
    await db.knex.raw('ALTER TABLE events ADD CONSTRAINT refuse_every_append CHECK (false) NOT VALID');
  }, 60_000);
  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  it(reveals ? 'are logged with the row PostgreSQL quotes, for debugging' : 'are logged without any phone number or campaign name', async () => {
    const output = await captureOutput(failingRequests(running));
    expect(output).toContain('refuse_every_append'); // the failure itself is logged
    if (reveals) expect(output).toContain(NAME);
    else expect([output.includes(PHONE), output.includes(NAME)]).toEqual([false, false]);
  });
});
