import { ordinaryNumbers } from '../support/phone-numbers.js';
import { param, type Scenario } from '../support/scenario.js';
import { ALWAYS_OPEN, startService } from '../support/service.js';
import { now, pollUntil } from '../support/timing.js';

const MB = 1024 * 1024;

/**
 * Issue 14: a campaign's calls as CSV in constant memory. The service runs in this process, so
 * RSS and heap here are the server's (plus this reader, which keeps only a byte count). Sampled
 * every 50 ms while the export streams; a forced GC before, when available (node --expose-gc).
 */
export const exportScenario: Scenario = {
  name: 'export',
  summary: 'issue 14: GET /campaigns/:id/calls as text/csv for 100,000 calls, memory before/peak/after',
  params: { numbers: 100_000 },
  run: async (params) => {
    const count = param(params, 'numbers');
    const service = await startService();
    try {
      const campaign = await service.expect<{ id: string }>(201, 'POST', '/campaigns', { name: 'bench export', schedule: ALWAYS_OPEN, phoneNumbers: ordinaryNumbers(count) });
      // The calls projection may trail the stats one: wait until its last page holds the last number.
      const last = ordinaryNumbers(count).at(-1);
      await pollUntil('every call in the calls read model', async () => {
        const response = await fetch(`${service.url}/api/v1/campaigns/${campaign.id}/calls`, { headers: { accept: 'text/csv' } });
        return (await response.text()).includes(`${last},`) ? true : undefined;
      }, { timeoutMs: 300_000, everyMs: 1_000 });
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.memoryUsage();
      let peakRss = before.rss;
      let peakHeap = before.heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 50);
      const start = now();
      const response = await fetch(`${service.url}/api/v1/campaigns/${campaign.id}/calls`, { headers: { accept: 'text/csv' } });
      let bytes = 0;
      let lines = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (const b of chunk) if (b === 10) lines += 1;
      }
      const ms = now() - start;
      clearInterval(sampler);
      const after = process.memoryUsage();
      if (lines !== count + 1) throw new Error(`export had ${lines} lines for ${count} calls`);
      return {
        measurements: [
          { name: 'export time', value: ms, unit: 'ms' },
          { name: 'peak RSS growth during export', value: (peakRss - before.rss) / MB, unit: 'MB' },
          { name: 'peak heap growth during export', value: (peakHeap - before.heapUsed) / MB, unit: 'MB' },
          { name: 'CSV size', value: bytes / MB, unit: 'MB' },
        ],
        details: { count, bytes, before, after, peakRss, peakHeap },
      };
    } finally {
      await service.close();
    }
  },
};
