import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestApp } from '../support/app.js';

/**
 * The README's walkthrough, run as a reader would: every ```sh block between the walkthrough markers,
 * in order, in one bash, against a started service with the default mock provider — twice in a row,
 * as a reader who runs it again would. Each curl reports its status on stderr through a wrapper, so
 * the blocks run unchanged.
 */
// Mock calls of 1–2.5 s instead of 2–8 s: the same steps, a shorter wait; still long enough that the
// campaign cannot finish between the walkthrough's start and pause.
const app = useTestApp({ TELEPHONY_MOCK_MIN_DURATION_MS: '1000', TELEPHONY_MOCK_MAX_DURATION_MS: '2500' });

const README = new URL('../../README.md', import.meta.url);

const walkthroughBlocks = async (): Promise<string[]> => {
  const text = await readFile(README, 'utf8');
  const section = /<!-- walkthrough:start -->([\s\S]*?)<!-- walkthrough:end -->/.exec(text)?.[1];
  if (!section) throw new Error('README.md has no <!-- walkthrough:start --> … <!-- walkthrough:end --> section');
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
};

/** Wins over a block's own -w (written after it); the block's stdout is untouched. */
const PREAMBLE = `set -e
curl() { command curl "$@" -w '%{stderr}STATUS %{http_code} %{method} %{url_effective}\\n'; }
`;

type Run = { code: number | null; stdout: string; stderr: string };

const runBash = (script: string, cwd: string, env: Record<string, string>, timeoutMs: number): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** `STATUS 200 GET http://…/api/v1/campaigns/<uuid>?asOf=…` → `GET /api/v1/campaigns/:id?asOf 200`; a polling loop's GETs count once. */
const steps = (stderr: string): string[] => {
  const lines = stderr.split('\n').flatMap((line) => {
    const match = /^STATUS (\d{3}) (\w+) (\S+)$/.exec(line);
    if (!match) return [];
    const url = new URL(match[3]!);
    const query = [...url.searchParams.keys()].join('&');
    return [`${match[2]} ${url.pathname.replace(UUID, ':id')}${query ? `?${query}` : ''} ${match[1]}`];
  });
  return lines.filter((line, i) => !(line.startsWith('GET ') && line === lines[i - 1]));
};

const EXPECTED = [
  'POST /api/v1/campaigns 201',
  'POST /api/v1/campaigns/:id/numbers 200',
  'POST /api/v1/campaigns/:id/numbers 200',
  'DELETE /api/v1/campaigns/:id/numbers/%2B14155550105 204',
  'GET /api/v1/campaigns/:id 200',
  'PATCH /api/v1/campaigns/:id 200',
  'POST /api/v1/campaigns/:id/start 200',
  'POST /api/v1/campaigns/:id/pause 200',
  'GET /api/v1/campaigns/:id/stats 200',
  'POST /api/v1/campaigns/:id/resume 200',
  'GET /api/v1/campaigns/:id 200',
  'GET /api/v1/campaigns/:id/stats 200',
  'GET /api/v1/campaigns/:id?asOf 200',
  'GET /api/v1/campaigns/:id/calls 200',
  'GET /api/v1/campaigns/:id/events?limit 200',
  'DELETE /api/v1/campaigns/:id 204',
  'GET /api/v1/campaigns/:id 404',
  'POST /api/v1/campaigns 201',
  'POST /api/v1/campaigns/:id/start 200',
  'POST /api/v1/campaigns/:id/cancel 200',
  'GET /api/v1/campaigns/:id/stats 200',
];

type Stats = Record<string, number>;
const COUNTED = ['pending', 'inProgress', 'completed', 'failed', 'cancelled', 'skipped'];
const statsLines = (stdout: string): Stats[] => [...stdout.matchAll(/\{"total":[^{}]*\}/g)].map((m) => JSON.parse(m[0]) as Stats);

describe('the README walkthrough', () => {
  it('runs as written, twice in a row, every step answering as the README says, with stats that add up', async () => {
    const blocks = await walkthroughBlocks();
    expect(blocks.length).toBeGreaterThan(3);
    const dir = await mkdtemp(join(tmpdir(), 'walkthrough-'));
    try {
      for (const run of [1, 2]) {
        const result = await runBash(PREAMBLE + blocks.join('\n'), dir, { BASE: app.url }, 40_000);
        expect([run, result.code, result.stderr.split('\n').filter((l) => !l.startsWith('STATUS')).join('\n')]).toEqual([run, 0, '']);
        expect(steps(result.stderr)).toEqual(EXPECTED);
        // Every stats object printed, alone or inside a campaign view, adds up; the finished campaign's as the README says.
        const stats = statsLines(result.stdout);
        for (const s of stats) expect([s, COUNTED.reduce((sum, key) => sum + (s[key] ?? 0), 0)]).toEqual([s, s.total]);
        expect(stats).toContainEqual(expect.objectContaining({ total: 6, completed: 5, cancelled: 1, failed: 0, pending: 0, inProgress: 0, attempts: 5 }));
        expect(stats.at(-1)).toMatchObject({ total: 2, pending: 0 });
        expect(await readFile(join(dir, 'calls.csv'), 'utf8')).toContain('+14155550103,Ada Lovelace,,94105,completed,answered,1');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
