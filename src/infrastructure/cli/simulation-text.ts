import type { SimulationReport } from '../../domain/simulation/simulation-report.js';

const duration = (ms: number | null): string => {
  if (ms === null) return '—';
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
};

const cell = (value: number | string | null): string => (value === null ? '—' : String(value));

/** The report as a table a person reads: recorded and simulated side by side, and their ratio. */
export const simulationText = (report: SimulationReport): string[] => {
  const { recorded, simulated, ratio } = report;
  const changes = Object.entries(report.overrides).map(([k, v]) => `${k}=${v}`);
  const rows: Array<[string, string, string, string]> = [
    ['', 'recorded', 'simulated', 'sim/rec'],
    ['attempts', cell(recorded.attempts), cell(simulated.attempts), cell(ratio.attempts)],
    ['completed', cell(recorded.completed), cell(simulated.completed), cell(ratio.completed)],
    ['failed', cell(recorded.failed), cell(simulated.failed), cell(ratio.failed)],
    ['skipped', cell(recorded.skipped), cell(simulated.skipped), ''],
    ['duration', duration(recorded.durationMs), duration(simulated.durationMs), cell(ratio.durationMs)],
    ['started', cell(recorded.startedAt), cell(simulated.startedAt), ''],
    ['finished', cell(recorded.finishedAt), cell(simulated.finishedAt ?? `(${simulated.end})`), ''],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const policy = simulated.retryPolicy;
  return [
    `campaign ${report.campaignId}: ${changes.length === 0 ? 'replayed under the recorded config' : `what if ${changes.join(', ')}`}`,
    `config: cap ${simulated.maxConcurrentCalls}, ${policy.maxRetries} retries, delay ${policy.initialDelayMs} ms × ${policy.backoffMultiplier} up to ${policy.maxDelayMs} ms; seed ${simulated.seed}`,
    '',
    ...rows.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')),
    '',
    `${simulated.drawnAttempts} of ${simulated.attempts} simulated attempts were not in the log and were drawn from recorded outcomes`,
  ];
};
