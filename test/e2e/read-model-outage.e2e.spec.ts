import pg from 'pg';
import { useTestApp } from '../support/app.js';
import { createCampaign } from './support/campaign-requests.js';

// The database is taken away under the app on purpose: its pools may still be reconnecting at the
// end, so the log is verified by the other files, not here.
const app = useTestApp({}, { verify: false });

/** The database refuses connections and drops the ones it has, as during a failover or maintenance. */
const setDatabaseOnline = async (online: boolean): Promise<void> => {
  const url = new URL(app.db.url);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${online ? 'true' : 'false'}`);
    if (!online) {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    }
  } finally {
    await admin.end();
  }
};

describe('read-model database outage', () => {
  afterEach(() => setDatabaseOnline(true));

  it('answers queries 503 with Retry-After while the database is down, and 200 once it is back', async () => {
    const { id } = await createCampaign(app);
    await app.db.knex.destroy(); // the test's own pool would only reconnect later
    await setDatabaseOnline(false);

    for (const path of ['/campaigns', `/campaigns/${id}`, `/campaigns/${id}/stats`, `/campaigns/${id}/calls`]) {
      const response = await app.api('GET', path);
      expect({ path, status: response.status }).toEqual({ path, status: 503 });
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }

    await setDatabaseOnline(true);
    expect((await app.api('GET', `/campaigns/${id}`)).status).toBe(200);
  }, 60_000);
});
