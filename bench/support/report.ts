import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ratioOf, type Measurement, type Params, type ScenarioResult } from './scenario.js';

/** bench/results/ under the directory npm runs scripts in (the package root); BENCH_RESULTS_DIR overrides it. */
export const RESULTS_DIR = resolve(process.env.BENCH_RESULTS_DIR ?? join(process.cwd(), 'bench', 'results'));

export const machineInfo = () => ({
  node: process.version,
  platform: `${platform()} ${release()}`,
  arch: process.arch,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  totalMemoryBytes: totalmem(),
  freeMemoryBytes: freemem(),
  loadAverage: loadavg(),
});

const format = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
};

/** A plain aligned table: console.table quotes strings and adds an index column nobody needs. */
export const formatTable = (measurements: readonly Measurement[]): string => {
  const header = ['measurement', 'value', 'unit', 'baseline (same run)', 'baseline value', 'ratio'];
  const rows = measurements.map((m) => {
    const ratio = ratioOf(m);
    return [
      m.name,
      format(m.value),
      m.unit,
      m.baseline?.name ?? '',
      m.baseline ? format(m.baseline.value) : '',
      ratio === null ? '' : `${ratio.toFixed(2)}×`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([1, 4, 5]);
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' │ ');
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(header), rule, ...rows.map(line)].join('\n');
};

export type ScenarioRecord = Readonly<{
  scenario: string;
  summary: string;
  startedAt: string;
  finishedAt: string;
  params: Params;
  result: ScenarioResult;
}>;

/** Writes bench/results/<scenario>-<timestamp>.json with the machine, the parameters and every number. */
export const writeResult = async (record: ScenarioRecord): Promise<string> => {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = record.startedAt.replace(/[:.]/g, '-');
  const file = join(RESULTS_DIR, `${record.scenario}-${stamp}.json`);
  const measurements = record.result.measurements.map((m) => ({ ...m, ratio: ratioOf(m) }));
  const body = { ...record, machine: machineInfo(), result: { ...record.result, measurements } };
  await writeFile(file, `${JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`);
  return file;
};
