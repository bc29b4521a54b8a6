import { createKnex } from '../../../src/infrastructure/database/knex.factory.js';
import { migrationSource, runMigrations } from '../../../src/infrastructure/database/migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

describe('database migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(() => database.drop());

  it('apply once when several processes start together on a fresh database, and again as a no-op', async () => {
    const processes = Array.from({ length: 4 }, () => createKnex(database.url, { pool: { max: 2 } }));
    try {
      await Promise.all(processes.map((knex) => runMigrations(knex)));
      await runMigrations(processes[0]!);
    } finally {
      await Promise.all(processes.map((knex) => knex.destroy()));
    }

    const applied = await database.knex('knex_migrations').select('name');
    const locks = await database.knex('knex_migrations_lock').select('is_locked');
    const events = await database.knex.raw<{ rows: { exists: boolean }[] }>("SELECT to_regclass('events') IS NOT NULL AS exists");
    const listed = (await migrationSource.getMigrations([])).map((m) => migrationSource.getMigrationName(m));
    expect(listed[0]).toBe('0001-events');
    expect(applied.map((row: { name: string }) => row.name)).toEqual(listed);
    expect(locks).toEqual([{ is_locked: 0 }]);
    expect(events.rows[0]!.exists).toBe(true);
  });
});
