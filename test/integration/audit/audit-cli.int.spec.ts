import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Command } from 'commander';
import { explainCommand } from '../../../src/infrastructure/cli/explain.command.js';
import { exportCommand } from '../../../src/infrastructure/cli/export.command.js';
import { simulateCommand } from '../../../src/infrastructure/cli/simulate.command.js';
import { verifyCommand } from '../../../src/infrastructure/cli/verify.command.js';
import { at, forgedCampaign, MIN } from '../../support/forged-log.js';
import { openProjectionEnv, waitVisible, type ProjectionEnv } from '../projections/support/projection-env.js';

/** Runs a subcommand in-process against the test database; exit code as the process would have it. */
async function run(command: () => Command, args: string[]) {
  const out: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const err: string[] = [];
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  process.exitCode = 0;
  try {
    await command().parseAsync(args, { from: 'user' });
    return { out: out.join(''), err: err.join(''), exitCode: process.exitCode ?? 0 };
  } finally {
    process.exitCode = 0;
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('CLI: verify, export, verify --bundle, explain', () => {
  let env: ProjectionEnv;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, EVENT_STORE: process.env.EVENT_STORE, FREQUENCY_CAP: process.env.FREQUENCY_CAP };
  const bundle = join(tmpdir(), `dialstream-bundle-${process.pid}.ndjson`);
  let clean: Awaited<ReturnType<typeof forgedCampaign>>;
  let broken: Awaited<ReturnType<typeof forgedCampaign>>;

  beforeAll(async () => {
    env = await openProjectionEnv();
    Object.assign(process.env, { DATABASE_URL: env.db.url, EVENT_STORE: 'postgres' });
    delete process.env.FREQUENCY_CAP;
    clean = await (await forgedCampaign(env.store, { numbers: ['+12125550100', '+12125550160'], cap: 1 })).create();
    await clean.dial(0, 1, at(0));
    await clean.complete(0, 1, at(MIN));
    await clean.dial(1, 1, at(MIN));
    await clean.fail(1, 1, at(2 * MIN), at(3 * MIN));
    await clean.dial(1, 2, at(4 * MIN));
    await clean.complete(1, 2, at(5 * MIN));
    await clean.completeCampaign(2, 0, at(5 * MIN));
    broken = await (await forgedCampaign(env.store, { numbers: ['+12125550101', '+12125550102'], cap: 1 })).create();
    await broken.dial(0, 1, at(0));
    await broken.dial(1, 1, at(0));
    await waitVisible(env);
  });
  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key];
    else process.env[key] = value;
    await rm(bundle, { force: true });
    await env.close();
  });

  it('exits 0 for a campaign where every invariant holds, 1 naming the violation and its events otherwise', async () => {
    const ok = await run(verifyCommand, [clean.id]);
    expect(ok.exitCode).toBe(0);
    expect(ok.out).toContain('all invariants hold');
    expect(ok.out).toContain('note: stats: not compared (the read model has not reached');

    const bad = await run(verifyCommand, [broken.id]);
    expect(bad.exitCode).toBe(1);
    expect(bad.out).toMatch(/FAIL\s+1 cap/);
    expect(bad.out).toContain(`[cap] invariant 1, campaign ${broken.id}: 2 calls in flight with the cap at 1`);
    expect(bad.out).toMatch(new RegExp(`call-${broken.calls[1]!.callId}@1  position \\d+/\\d+  CallAttempted`));

    const json = await run(verifyCommand, [broken.id, '--json']);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, campaigns: [broken.id], violations: [{ check: 'cap' }, { check: 'cap' }] });

    const tolerant = await run(verifyCommand, [clean.id, '--json', '--rate-tolerance-ms', '50']);
    expect(JSON.parse(tolerant.out)).toMatchObject({ ok: true, options: { rateToleranceMs: 50 } });
    const nonsense = await run(verifyCommand, [clean.id, '--rate-tolerance-ms', 'soon']);
    expect([nonsense.exitCode, nonsense.err]).toEqual([2, expect.stringContaining('--rate-tolerance-ms must be a number of milliseconds')]);
  });

  it('simulates a campaign under its recorded config and a changed one, as a table and as JSON, and names a bad flag', async () => {
    const table = await run(simulateCommand, [clean.id]);
    expect(table.exitCode).toBe(0);
    expect(table.out).toContain('replayed under the recorded config');
    expect(table.out).toMatch(/attempts\s+3\s+3\s+1\n/);
    const fewer = await run(simulateCommand, [clean.id, '--max-retries', '0', '--json']);
    expect(fewer.exitCode).toBe(0);
    expect(JSON.parse(fewer.out)).toMatchObject({ overrides: { maxRetries: 0 }, recorded: { attempts: 3 }, simulated: { attempts: 2, completed: 1, failed: 1 } });
    const bad = await run(simulateCommand, [clean.id, '--max-retries', '99']);
    expect([bad.exitCode, bad.err]).toEqual([2, expect.stringContaining('maxRetries')]);
  });

  it('exports an evidence bundle that re-verifies offline, and refuses one whose content changed', async () => {
    const exported = await run(exportCommand, [clean.id, '--out', bundle]);
    expect(exported.err).toBe('');
    expect(exported.exitCode).toBe(0);
    expect(exported.out).toMatch(new RegExp(`: 1[0-9] events of campaign ${clean.id}, sha256 [0-9a-f]{64}; all invariants hold`));
    const lines = (await readFile(bundle, 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'dialstream-evidence/1', campaignId: clean.id, ruleSetVersion: expect.any(String) });
    const streams = new Set(lines.slice(1, -2).map((l) => (JSON.parse(l) as { stream: string }).stream));
    expect(streams).toEqual(new Set([`campaign-${clean.id}`, `dialer-${clean.id}`, ...clean.calls.map((c) => `call-${c.callId}`)]));

    const offline = await run(verifyCommand, ['--bundle', bundle]);
    expect(offline.exitCode).toBe(0);
    expect(offline.out).toMatch(/sha256 [0-9a-f]{64} matches the content/);
    expect(offline.out).toContain('the report in the bundle agrees');

    // An auditor's copy with one event quietly changed: the hash no longer holds.
    await writeFile(bundle, lines.map((l) => l.replace('"maxConcurrentCalls":1', '"maxConcurrentCalls":5')).join('\n') + '\n');
    const tampered = await run(verifyCommand, ['--bundle', bundle]);
    expect(tampered.exitCode).toBe(1);
    expect(tampered.out).toContain('DOES NOT MATCH');
  });

  it('explains a call whose decisions predate recorded inputs, with what the log shows', async () => {
    const { out, exitCode } = await run(explainCommand, [clean.calls[1]!.callId]);
    expect(exitCode).toBe(0);
    expect(out).toContain(`Call ${clean.calls[1]!.callId} to +12125550160 (campaign ${clean.id}):`);
    expect(out).toMatch(/Attempt 1 decided .*: campaign window open .*; cap 1; the decision predates recorded inputs.*What happened: dial requested .*busy at .*, to be retried at/);
    expect(out).toMatch(/Attempt 2 waits for retry_delay from .* until /);
    expect(out).toMatch(/Attempt 2 decided .*retry due at .*completed .* after 1\.0 s/);
    expect((await run(explainCommand, [crypto.randomUUID()])).exitCode).toBe(2);
  });
});
