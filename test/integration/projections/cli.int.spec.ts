import { jest } from '@jest/globals';
import { type Command, CommanderError } from 'commander';
import { eventsCommand } from '../../../src/infrastructure/cli/events.command.js';
import { projectionsCommand } from '../../../src/infrastructure/cli/projections.command.js';
import { liveCheckpoint } from '../../../src/projections/checkpoints/checkpoints.js';
import { ALL_PROJECTIONS } from '../../../src/projections/projections.js';
import { ScriptClock } from './support/history.js';
import { catchUp, dumpReadModels, openProjectionEnv, type ProjectionEnv } from './support/projection-env.js';
import { scriptedHistory } from './support/scripted-history.js';

/** Runs a subcommand in-process against the test database, capturing what it prints. */
async function run(command: () => Command, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  const cli = command();
  // Commander exits the process on error(); here it throws instead, with the exit code.
  for (const c of [cli, ...cli.commands]) c.exitOverride();
  try {
    const code = await cli.parseAsync(args, { from: 'user' }).then(
      () => 0,
      (error: unknown) => {
        if (error instanceof CommanderError) return error.exitCode;
        throw error;
      },
    );
    return { out: out.join(''), err: err.join(''), exitCode: code };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('CLI: projections and events', () => {
  let env: ProjectionEnv;
  let history: Awaited<ReturnType<typeof scriptedHistory>>;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, EVENT_STORE: process.env.EVENT_STORE };

  beforeAll(async () => {
    env = await openProjectionEnv();
    process.env.DATABASE_URL = env.db.url;
    process.env.EVENT_STORE = 'postgres';
    history = await scriptedHistory(env.store, new ScriptClock());
    await catchUp(env);
  });
  afterAll(async () => {
    Object.assign(process.env, saved);
    for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key];
    await env.close();
  });

  it('rebuilds every projection into the next generation and prints events/s', async () => {
    const before = await dumpReadModels(env.knex);
    const { out, exitCode } = await run(projectionsCommand, ['rebuild']);
    expect(exitCode).toBe(0);
    for (const p of ALL_PROJECTIONS) {
      expect(out).toMatch(new RegExp(`${p.name}: generation 2 is live, \\d+ events`));
      expect((await liveCheckpoint(env.knex, p.name))?.generation).toBe(2);
    }
    expect(out).toMatch(new RegExp(`rebuilt ${ALL_PROJECTIONS.length} projection\\(s\\): \\d+ events in [\\d.]+ s = \\d+ events/s`));
    expect(await dumpReadModels(env.knex)).toEqual(before);
  });

  it('rebuilds one projection by name, and refuses an unknown name', async () => {
    const { out } = await run(projectionsCommand, ['rebuild', '--projection', 'calls']);
    expect(out).toContain('calls: generation 3 is live');
    expect((await liveCheckpoint(env.knex, 'campaigns'))?.generation).toBe(2);
    const unknown = await run(projectionsCommand, ['rebuild', '--projection', 'nope']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.err).toContain('unknown projection "nope"; known: campaigns, calls, campaign-stats');
  });

  it('shows each projection\'s generation, checkpoint, lag and quarantined events', async () => {
    const { out } = await run(projectionsCommand, ['status']);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^projection\s+generation\s+schema\s+checkpoint\s+processed\s+behind\s+seconds behind\s+building\s+quarantined$/);
    expect(lines[2]).toMatch(/^calls\s+3\s+\d+\s+\d+\/\d+\s+\d+\s+0\s+0\.0\s+-\s+0$/);
    const json = JSON.parse((await run(projectionsCommand, ['status', '--json'])).out);
    expect(json.map((r: { name: string }) => r.name)).toEqual(['campaigns', 'calls', 'campaign-stats', 'do-not-call']);
  });

  it('replays a stream for audit, human-readable or as JSON lines', async () => {
    const { out } = await run(eventsCommand, [history.done.stream]);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^#0\s+2026-11-24T14:00:01\.000Z\s+CampaignCreated\s+actor=projection-test\s+correlation=[0-9a-f-]{36}\s+.*name="done"/);
    expect(lines[1]).toMatch(/CampaignNumbersAdded\s+.*calls=\[4\]$/);
    const json = (await run(eventsCommand, [history.done.stream, '--json'])).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(json.map((e) => e.streamVersion)).toEqual(lines.map((_, i) => i));
    expect(json[0]).toMatchObject({ type: 'CampaignCreated', globalPosition: expect.stringMatching(/^\d+\/\d+$/), metadata: { actor: 'projection-test' } });
    const missing = await run(eventsCommand, ['campaign-nope']);
    expect(missing).toMatchObject({ exitCode: 1, err: expect.stringContaining('stream campaign-nope not found') });
  });
});
