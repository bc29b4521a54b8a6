import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBenchDatabase } from '../support/fresh-database.js';
import { heapGrowth, summarizeHeapSnapshot, type HeapGroup } from '../support/heap-snapshot.js';
import { ordinaryNumbers } from '../support/phone-numbers.js';
import { param, type Measurement, type Scenario } from '../support/scenario.js';
import { ALWAYS_OPEN, ANY_HOUR } from '../support/service.js';
import { freePort, rssMbOf, spawnService, type ServiceProcesses, type SpawnedService } from '../support/spawned-service.js';
import { pollUntil } from '../support/timing.js';

type Role = keyof ServiceProcesses;
const ROLES: readonly Role[] = ['api', 'worker', 'supervisor'];
type Sample = Readonly<{ atMs: number } & Record<Role, number>>;

const json = async <T>(url: string, method = 'GET', body?: unknown): Promise<T> => {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
};

const sample = async (pids: ServiceProcesses, startedMs: number): Promise<Sample> => {
  const [api, worker, supervisor] = await Promise.all(ROLES.map((role) => rssMbOf(pids[role])));
  return { atMs: Date.now() - startedMs, api: api!, worker: worker!, supervisor: supervisor! };
};

/** Samples every `everyMs` for `forMs`. */
const sampleFor = async (pids: ServiceProcesses, forMs: number, everyMs: number): Promise<Sample[]> => {
  const startedMs = Date.now();
  const samples: Sample[] = [];
  while (Date.now() - startedMs <= forMs) {
    samples.push(await sample(pids, startedMs));
    await sleep(everyMs);
  }
  return samples;
};

/** Least-squares slope of RSS over time, MB per minute: a leak shows as a steady positive slope. */
const slopePerMinute = (samples: readonly Sample[], role: Role): number => {
  const xs = samples.map((s) => s.atMs / 60_000);
  const ys = samples.map((s) => s[role]);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / sxx;
};

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Writes a heap snapshot of each role process (node's --heapsnapshot-signal) and waits until each file is complete. */
const snapshot = async (service: SpawnedService, dir: string, roles: readonly Role[]): Promise<Partial<Record<Role, string>>> => {
  const files: Partial<Record<Role, string>> = {};
  for (const role of roles) {
    const pid = service.pids[role];
    const before = new Set(await readdir(dir));
    process.kill(pid, 'SIGUSR2');
    const name = await pollUntil('the heap snapshot file', async () => (await readdir(dir)).find((f) => !before.has(f) && f.includes(`.${pid}.`)), { timeoutMs: 120_000, everyMs: 500 });
    // The process writes it synchronously: the size stops growing once it is done.
    let size = -1;
    await pollUntil('the heap snapshot to be written', async () => {
      const now = (await stat(join(dir, name))).size;
      const done = now > 0 && now === size;
      size = now;
      return done ? true : undefined;
    }, { timeoutMs: 600_000, everyMs: 2_000 });
    files[role] = join(dir, name);
  }
  return files;
};

export const memoryScenario: Scenario = {
  name: 'memory',
  summary: 'issue 13: RSS of the API and worker processes (`dialstream start`) with N numbers across running campaigns, over a soak, vs the same service idle with 0 numbers',
  params: { numbers: 1_000_000, campaigns: 10, batch: 100_000, cap: 10, callMs: 60_000, idleSeconds: 60, soakMinutes: 30, sampleSeconds: 10, heapSnapshots: 0 },
  run: async (raw) => {
    const p = Object.fromEntries(Object.keys(raw).map((key) => [key, param(raw, key)])) as Record<string, number>;
    const perCampaign = Math.ceil(p.numbers! / p.campaigns!);
    const snapshotDir = p.heapSnapshots ? await mkdtemp(join(tmpdir(), 'dialstream-heap-')) : null;
    const db = await createBenchDatabase();
    const service = await spawnService(
      {
        DATABASE_URL: db.url,
        PORT: String(await freePort()),
        LOG_LEVEL: 'silent',
        RATE_LIMIT_PER_MINUTE: '0',
        TELEPHONY_MOCK_MIN_DURATION_MS: String(p.callMs),
        TELEPHONY_MOCK_MAX_DURATION_MS: String(p.callMs),
        CALL_TIMEOUT_MS: String(Math.max(60_000, p.callMs!)),
        TELEPHONY_MOCK_SEED: '1',
      },
      snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : [],
    );
    try {
      const api = `${service.url}/api/v1`;
      // Baseline: the same processes, started and idle, holding no numbers.
      const idle = await sampleFor(service.pids, p.idleSeconds! * 1_000, p.sampleSeconds! * 1_000);
      const idleSnapshots = snapshotDir ? await snapshot(service, snapshotDir, ['api', 'worker']) : {};
      const importStarted = Date.now();
      const loading: Sample[] = [];
      const sampler = setInterval(() => void sample(service.pids, importStarted).then((s) => loading.push(s)), 1_000);
      const campaignIds: string[] = [];
      try {
        for (let c = 0; c < p.campaigns!; c += 1) {
          const { id } = await json<{ id: string }>(`${api}/campaigns`, 'POST', {
            name: `memory bench ${c}`,
            ...ANY_HOUR,
            schedule: ALWAYS_OPEN,
            maxConcurrentCalls: p.cap,
            retryPolicy: { maxRetries: 2, initialDelayMs: 60_000, backoffMultiplier: 2, maxDelayMs: 600_000 },
          });
          for (let from = 0; from < perCampaign; from += p.batch!) {
            const phoneNumbers = ordinaryNumbers(Math.min(p.batch!, perCampaign - from), c * perCampaign + from);
            const added = await json<{ added: number }>(`${api}/campaigns/${id}/numbers`, 'POST', { phoneNumbers });
            if (added.added !== phoneNumbers.length) throw new Error(`added ${added.added} of ${phoneNumbers.length}`);
          }
          await json(`${api}/campaigns/${id}/start`, 'POST');
          campaignIds.push(id);
        }
        const importMs = Date.now() - importStarted;
        // Every campaign dialing at its cap: the dialer holds each campaign's state.
        await pollUntil(
          'every campaign to dial at its cap',
          async () => {
            const stats = await Promise.all(campaignIds.map((id) => json<{ inProgress: number }>(`${api}/campaigns/${id}/stats`)));
            return stats.every((s) => s.inProgress >= p.cap!) ? true : undefined;
          },
          { timeoutMs: 600_000, everyMs: 1_000 },
        );
        clearInterval(sampler);
        const soak = await sampleFor(service.pids, p.soakMinutes! * 60_000, p.sampleSeconds! * 1_000);
        const stats = await Promise.all(campaignIds.map((id) => json<{ attempts: number; pending: number }>(`${api}/campaigns/${id}/stats`)));
        const loadedSnapshots = snapshotDir ? await snapshot(service, snapshotDir, ['api', 'worker']) : {};
        const heap: Partial<Record<Role, HeapGroup[]>> = {};
        for (const role of ['api', 'worker'] as const) {
          const [before, after] = [idleSnapshots[role], loadedSnapshots[role]];
          if (before && after) heap[role] = heapGrowth(await summarizeHeapSnapshot(before), await summarizeHeapSnapshot(after), 15);
        }
        const n = p.numbers!.toLocaleString('en-US');
        const idleOf = (role: Role) => ({ name: `idle, 0 numbers (median of ${idle.length})`, value: median(idle.map((s) => s[role])) });
        const measurements: Measurement[] = [];
        const secondHalf = soak.slice(Math.floor(soak.length / 2));
        for (const role of ROLES) {
          const peakLoad = Math.max(...loading.map((s) => s[role]));
          measurements.push(
            { name: `${role}: RSS at soak start, ${n} numbers`, value: soak[0]![role], unit: 'MB', baseline: idleOf(role) },
            { name: `${role}: RSS peak while importing`, value: peakLoad, unit: 'MB', baseline: idleOf(role) },
            { name: `${role}: RSS peak over the soak`, value: Math.max(...soak.map((s) => s[role])), unit: 'MB', baseline: idleOf(role) },
            { name: `${role}: RSS at soak end`, value: soak.at(-1)![role], unit: 'MB', baseline: { name: 'soak start', value: soak[0]![role] } },
            { name: `${role}: RSS slope over the soak`, value: slopePerMinute(soak, role), unit: 'MB/min', baseline: { name: 'idle slope', value: slopePerMinute(idle, role) } },
            // The import's garbage is handed back in the first minutes: the second half shows what stays.
            { name: `${role}: RSS slope over the soak's second half`, value: slopePerMinute(secondHalf, role), unit: 'MB/min', baseline: { name: 'idle slope', value: slopePerMinute(idle, role) } },
            { name: `${role}: RSS min–max over the soak's second half`, value: Math.max(...secondHalf.map((s) => s[role])), unit: 'MB', baseline: { name: 'min', value: Math.min(...secondHalf.map((s) => s[role])) } },
          );
        }
        const total = (s: Sample) => s.api + s.worker + s.supervisor;
        measurements.push(
          { name: `all processes: RSS peak over the soak`, value: Math.max(...soak.map(total)), unit: 'MB', baseline: { name: 'idle', value: median(idle.map(total)) } },
          { name: `import of ${n} numbers into ${p.campaigns} campaigns, started`, value: importMs, unit: 'ms' },
        );
        for (const [role, groups] of Object.entries(heap)) {
          for (const g of groups.slice(0, 6)) measurements.push({ name: `${role} heap growth: ${g.kind} (${(g.count / p.numbers!).toFixed(2)} per number)`, value: g.bytes / p.numbers!, unit: 'bytes/number' });
        }
        return {
          measurements,
          details: { params: p, pids: service.pids, idle, loading, soak, importMs, attempts: stats.reduce((a, s) => a + s.attempts, 0), heap, snapshots: { idleSnapshots, loadedSnapshots } },
        };
      } finally {
        clearInterval(sampler);
      }
    } finally {
      await service.stop();
      await db.drop();
    }
  },
};
