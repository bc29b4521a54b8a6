import { Command } from 'commander';
import { type RecordedEvent, StreamNotFoundError } from '../../application/ports/event-store.port.js';
import { toAuditEventView } from '../../projections/audit/get-stream-events.handler.js';
import { loadConfig } from '../config/app-config.js';
import { openStores } from '../persistence/open-stores.js';
import { reported } from './projections.command.js';

const PAGE = 500;
const SUMMARY_WIDTH = 120;

const print = (line: string): void => void process.stdout.write(`${line}\n`);

/** One value, short: arrays as their length (a numbers batch holds up to 100,000 entries). */
const brief = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value !== null && typeof value === 'object') return '{…}';
  return JSON.stringify(value);
};

const summarize = (data: Readonly<Record<string, unknown>>): string => {
  const text = Object.entries(data)
    .map(([key, value]) => `${key}=${brief(value)}`)
    .join(' ');
  return text.length > SUMMARY_WIDTH ? `${text.slice(0, SUMMARY_WIDTH - 1)}…` : text;
};

const formatEventLine = (e: RecordedEvent): string =>
  [
    `#${e.streamVersion}`.padEnd(6),
    e.metadata.recordedAt,
    e.type.padEnd(22),
    `actor=${e.metadata.actor}`,
    `correlation=${e.metadata.correlationId}`,
    summarize(e.data),
  ].join('  ');

async function replay(stream: string, options: { json?: boolean }): Promise<void> {
  const stores = await openStores(loadConfig(), (m) => void process.stderr.write(`${m}\n`));
  try {
    for (let from = 0; ; from += PAGE) {
      const page = await stores.store.readStream(stream, { from, limit: PAGE });
      for (const event of page) print(options.json ? JSON.stringify(toAuditEventView(event)) : formatEventLine(event));
      if (page.length < PAGE) return;
    }
  } catch (error) {
    throw error instanceof StreamNotFoundError ? new Error(`stream ${stream} not found`) : error;
  } finally {
    await stores.close();
  }
}

export function eventsCommand(): Command {
  return new Command('events')
    .description('replay one stream for audit (e.g. campaign-<id>, call-<id>): version, time, type, actor, correlation, data')
    .argument('<stream>', 'stream name')
    .option('--json', 'one JSON object per line, as GET /campaigns/:id/events answers them')
    .action(reported(replay));
}
