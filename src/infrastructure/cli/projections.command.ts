import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import type { Knex } from 'knex';
import type { BuildProgress } from '../../projections/projection-generation.js';
import { buildGenerations } from '../../projections/projection-generation.js';
import { formatEventsBehind } from '../../projections/projection-lag.js';
import { projectionStatus } from '../../projections/projection-status.js';
import type { Projection } from '../../projections/projection.js';
import { ALL_PROJECTIONS, findProjection } from '../../projections/projections.js';
import { type AppConfig, loadConfig } from '../config/app-config.js';
import { openStores } from '../persistence/open-stores.js';

const print = (line: string): void => void process.stdout.write(`${line}\n`);
const note = (line: string): void => void process.stderr.write(`${line}\n`);

const selected = (name: string | undefined): Projection[] => {
  if (name === undefined) return [...ALL_PROJECTIONS];
  const projection = findProjection(name);
  if (!projection) throw new Error(`unknown projection "${name}"; known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
  return [projection];
};

/** The port has no count; PostgreSQL can count its table cheaply. Other stores: unknown, shown as such. */
const countEvents = async (config: AppConfig, knex: Knex): Promise<number | null> =>
  config.EVENT_STORE === 'postgres' ? Number((await knex('events').count<{ n: string }[]>({ n: '*' }))[0]!.n) : null;

type Reporter = { update(p: BuildProgress): void; stop(): void };

/** A bar with rate and ETA on a terminal; a plain line every two seconds otherwise (logs, CI). */
function reporter(name: string, total: number | null): Reporter {
  const started = Date.now();
  const rate = (events: number) => Math.round(events / Math.max(0.001, (Date.now() - started) / 1000));
  if (process.stderr.isTTY) {
    const format =
      total === null
        ? `${name.padEnd(15)} {value} events | {rate} events/s | {duration_formatted}`
        : `${name.padEnd(15)} [{bar}] {value}/{total} events | {rate} events/s | ETA {eta_formatted}`;
    const bar = new SingleBar({ format, stream: process.stderr, etaBuffer: 50, hideCursor: true });
    bar.start(total ?? 0, 0, { rate: 0 });
    return {
      update: ({ events }) => {
        if (total !== null && events > bar.getTotal()) bar.setTotal(events);
        bar.update(events, { rate: rate(events) });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = 0;
  return {
    update: ({ events }) => {
      if (Date.now() - lastLine < 2_000) return;
      lastLine = Date.now();
      note(`${name}: ${events}${total === null ? '' : `/${total}`} events, ${rate(events)} events/s`);
    },
    stop: () => undefined,
  };
}

async function rebuild(options: { projection?: string }): Promise<void> {
  const projections = selected(options.projection);
  const config = loadConfig();
  const stores = await openStores(config, note);
  try {
    const total = await countEvents(config, stores.knex);
    const progress = reporter(projections.map((p) => p.name).join(', '), total);
    const started = Date.now();
    // One read of the log feeds every projection being built.
    const results = await buildGenerations(stores.store, stores.knex, projections, { onProgress: (p) => progress.update(p) }).finally(() =>
      progress.stop(),
    );
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    for (const [i, result] of results.entries()) print(`${projections[i]!.name}: generation ${result.generation} is live, ${result.events} events`);
    const events = results.reduce((sum, r) => sum + r.events, 0);
    print(`rebuilt ${projections.length} projection(s): ${events} events in ${seconds.toFixed(1)} s = ${Math.round(events / seconds)} events/s`);
  } finally {
    await stores.close();
  }
}

async function status(options: { json?: boolean }): Promise<void> {
  const stores = await openStores(loadConfig(), note);
  try {
    const rows = await projectionStatus(stores.store, stores.knex, ALL_PROJECTIONS);
    if (options.json) return print(JSON.stringify(rows, null, 2));
    const table = rows.map((r) => [
      r.name,
      r.live ? String(r.live.generation) : 'none',
      r.live ? `${r.live.schemaVersion}${r.live.schemaVersion === r.codeVersion ? '' : ` (code ${r.codeVersion})`}` : `(code ${r.codeVersion})`,
      r.lag.checkpoint ?? '-',
      r.live ? String(r.live.eventsProcessed) : '-',
      String(formatEventsBehind(r.lag)),
      r.lag.secondsBehind.toFixed(1),
      r.building.length > 0 ? r.building.join(',') : '-',
      String(r.quarantined.length),
    ]);
    const header = ['projection', 'generation', 'schema', 'checkpoint', 'processed', 'behind', 'seconds behind', 'building', 'quarantined'];
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    for (const row of [header, ...table]) print(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
    for (const r of rows) {
      for (const q of r.quarantined) print(`${r.name}: quarantined ${q.type} ${q.stream}@${q.streamVersion} (${q.quarantinedAt}): ${q.error}`);
    }
  } finally {
    await stores.close();
  }
}

/**
 * Failures become a message and exit code 1, not a stack trace. Through commander's `error()` (an
 * explicit exit), as an exit hook of the embedded server would turn a mere `process.exitCode` into 0.
 */
export const reported =
  <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
  async (...args: [...A, Command]): Promise<void> => {
    const command = args.at(-1) as Command;
    const failure = await action(...(args.slice(0, -1) as A)).then(
      () => null,
      (error: Error) => error,
    );
    if (failure) command.error(`error: ${failure.message}`, { exitCode: 1 });
  };

export function projectionsCommand(): Command {
  const command = new Command('projections').description('read models: rebuild from the first event, show checkpoints and lag');
  command
    .command('rebuild')
    .description('replay the log into fresh tables (next generation), then swap them in atomically; queries keep working')
    .option('--projection <name>', `one of ${ALL_PROJECTIONS.map((p) => p.name).join(', ')} (default: all)`)
    .action(reported(rebuild));
  command
    .command('status')
    .description("each projection's live generation, checkpoint and lag")
    .option('--json', 'machine-readable output')
    .action(reported(status));
  return command;
}
