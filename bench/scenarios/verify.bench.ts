import { verifyLog } from '../../src/application/audit/verify-log.js';
import { logPages } from '../../src/application/audit/audit-log.js';
import { createPostgresEventStore } from '../../src/infrastructure/event-store/postgres/postgres-event-store.js';
import { writeAuditLog } from '../support/audit-log.js';
import { createBenchDatabase } from '../support/fresh-database.js';
import { param, type Scenario } from '../support/scenario.js';
import { timed } from '../support/timing.js';

const MB = 1024 * 1024;

/** Peak RSS and heap while `work` runs, sampled every 50 ms. */
const sampled = async <T>(work: () => Promise<T>) => {
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  try {
    const run = await timed(work);
    return { ...run, rssGrowthMb: (peakRss - before.rss) / MB, heapGrowthMb: (peakHeap - before.heapUsed) / MB };
  } finally {
    clearInterval(timer);
  }
};

export const verifyScenario: Scenario = {
  name: 'verify',
  summary: 'dialstream verify over a generated clean log: events/s and memory, beside a bare read of the same log through the store',
  params: { events: 1_000_000, campaignSize: 10_000, cap: 50 },
  async run(params) {
    const db = await createBenchDatabase();
    const store = createPostgresEventStore({ knex: db.knex });
    try {
      const generated = await timed(() => writeAuditLog(db.knex, { events: param(params, 'events'), campaignSize: param(params, 'campaignSize'), cap: param(params, 'cap') }));
      const events = generated.result;
      await db.knex.raw('ANALYZE events');
      const bare = await timed(async () => {
        let n = 0;
        for await (const page of logPages(store, await store.headPosition())) n += page.length;
        return n;
      });
      const verified = await sampled(() => verifyLog(store, {}));
      const report = verified.result;
      if (!report.ok) throw new Error(`the generated log should verify clean: ${JSON.stringify(report.violations.slice(0, 3))}`);
      const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
      return {
        measurements: [
          { name: 'verify, every check', value: rate(report.events, verified.ms), unit: 'events/s', baseline: { name: 'read the log only', value: rate(bare.result, bare.ms) } },
          { name: 'verify wall time', value: verified.ms / 1000, unit: 's' },
          { name: 'peak RSS growth during verify', value: verified.rssGrowthMb, unit: 'MB' },
          { name: 'peak heap growth during verify', value: verified.heapGrowthMb, unit: 'MB' },
        ],
        details: { events, campaigns: report.campaigns.length, generateMs: generated.ms, bareMs: bare.ms, verifyMs: verified.ms, checks: report.checks },
      };
    } finally {
      await store.close();
      await db.drop();
    }
  },
};
