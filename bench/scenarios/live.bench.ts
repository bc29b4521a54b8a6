import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Measurement } from '../support/scenario.js';
import { param, type Scenario } from '../support/scenario.js';
import { ALWAYS_OPEN, startService, type BenchService } from '../support/service.js';
import { percentile, pollUntil } from '../support/timing.js';

type Stats = { messages: number; bytes: number; latenciesMs: number[]; completedAt: number | null };
type Clients = { child: ChildProcess; report(): Promise<Stats>; stop(): void };

const CLIENT = fileURLToPath(new URL('../support/sse-clients.js', import.meta.url));

function openClients(url: string, count: number): Promise<Clients> {
  const child = fork(CLIENT, [url, String(count)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const waiting: Array<(stats: Stats) => void> = [];
    child.on('message', (message: { type: string; stats?: Stats; message?: string }) => {
      if (message.type === 'opened') resolve({ child, report: () => new Promise((r) => (waiting.push(r), child.send({ type: 'report' }))), stop: () => child.send({ type: 'stop' }) });
      if (message.type === 'report') waiting.shift()?.(message.stats!);
      if (message.type === 'error') reject(new Error(message.message));
    });
    child.on('exit', (code) => code !== 0 && reject(new Error(`clients exited ${code}`)));
  });
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

type Phase = { streams: number; cpuMs: number; wallMs: number; rssBeforeMb: number; rssOpenMb: number; rssPeakMb: number; stats: Stats };

/** One campaign run with `streams` open on its live stream: the service's CPU and memory, and the clients' view. */
async function phase(service: BenchService, streams: number, params: { numbers: number; cap: number }): Promise<Phase> {
  const numbers = Array.from({ length: params.numbers }, (_, i) => `+1415${200 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`);
  // Recipient-hour gates (when this version has them) must not hold the bench's numbers back at night.
  const doc = await service.expect<{ components: { schemas: Record<string, { properties?: object }> } }>(200, 'GET', '//docs-json');
  const fields = Object.keys(doc.components.schemas['CreateCampaignRequestDto']?.properties ?? {});
  const campaign = await service.expect<{ id: string }>(201, 'POST', '/campaigns', {
    name: `live bench ${streams}`,
    schedule: ALWAYS_OPEN,
    ...(fields.includes('complianceRules') ? { complianceRules: 'none' } : {}),
    ...(fields.includes('recipientHours') ? { recipientHours: { start: '00:00', end: '24:00' } } : {}),
    maxConcurrentCalls: params.cap,
    phoneNumbers: numbers,
    retryPolicy: { maxRetries: 0, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 },
  });
  global.gc?.();
  const rssBeforeMb = rssMb();
  const clients = await openClients(`${service.url}/api/v1/campaigns/${campaign.id}/live`, streams);
  const rssOpenMb = rssMb();
  let rssPeakMb = rssOpenMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb())), 50);
  const cpu = process.cpuUsage();
  const started = Date.now();
  await service.expect(200, 'POST', `/campaigns/${campaign.id}/start`);
  const stats = await pollUntil(
    'every stream to see the campaign completed',
    async () => {
      const s = await clients.report();
      return s.completedAt !== null && s.latenciesMs.length >= streams * params.numbers ? s : undefined;
    },
    { timeoutMs: 180_000, everyMs: 200 },
  );
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  clients.stop();
  return { streams, cpuMs: (used.user + used.system) / 1_000, wallMs: (stats.completedAt ?? Date.now()) - started, rssBeforeMb, rssOpenMb, rssPeakMb, stats };
}

export const liveScenario: Scenario = {
  name: 'live',
  summary: 'issue 11: SSE fan-out: one campaign dialed with N streams open on its live feed vs one stream: service CPU, memory, event → client latency',
  params: { streams: 300, numbers: 200, cap: 20, callMs: 200 },
  run: async (params) => {
    const callMs = param(params, 'callMs');
    const service = await startService({
      TELEPHONY_MOCK_MIN_DURATION_MS: String(callMs),
      TELEPHONY_MOCK_MAX_DURATION_MS: String(callMs),
      TELEPHONY_MOCK_FAILURE_RATE: '0',
    });
    try {
      const shape = { numbers: param(params, 'numbers'), cap: param(params, 'cap') };
      const one = await phase(service, 1, shape);
      const many = await phase(service, param(params, 'streams'), shape);
      const p = (ph: Phase, q: number) => percentile(ph.stats.latenciesMs, q);
      const label = `${many.streams} streams`;
      const measurements: Measurement[] = [
        { name: `${label}: service CPU for the whole run`, value: many.cpuMs, unit: 'ms', baseline: { name: '1 stream', value: one.cpuMs } },
        { name: `${label}: wall time start → completed`, value: many.wallMs, unit: 'ms', baseline: { name: '1 stream', value: one.wallMs } },
        { name: `${label}: RSS with the streams open, idle`, value: many.rssOpenMb - many.rssBeforeMb, unit: 'MB', baseline: { name: '1 stream', value: one.rssOpenMb - one.rssBeforeMb } },
        { name: `${label}: RSS peak over the run (growth)`, value: many.rssPeakMb - many.rssBeforeMb, unit: 'MB', baseline: { name: '1 stream', value: one.rssPeakMb - one.rssBeforeMb } },
        { name: `${label}: event → client latency p50`, value: p(many, 50), unit: 'ms', baseline: { name: '1 stream', value: p(one, 50) } },
        { name: `${label}: event → client latency p95`, value: p(many, 95), unit: 'ms', baseline: { name: '1 stream', value: p(one, 95) } },
        { name: `${label}: event → client latency max`, value: p(many, 100), unit: 'ms', baseline: { name: '1 stream', value: p(one, 100) } },
        { name: `${label}: messages delivered`, value: many.stats.messages, unit: 'messages', baseline: { name: '1 stream', value: one.stats.messages } },
        { name: `${label}: bytes delivered`, value: many.stats.bytes, unit: 'bytes', baseline: { name: '1 stream', value: one.stats.bytes } },
      ];
      const summary = (ph: Phase) => ({ ...ph, stats: { messages: ph.stats.messages, bytes: ph.stats.bytes, latencies: ph.stats.latenciesMs.length } });
      return { measurements, details: { one: summary(one), many: summary(many) } };
    } finally {
      await service.close();
    }
  },
};
