import type { SimulationResult } from './campaign-simulation.js';
import type { RecordedRun } from './recorded-run.js';

/** Simulated ÷ recorded for each measure (null when the log has no such measure). */
export type SimulationRatios = Readonly<{ attempts: number | null; completed: number | null; failed: number | null; durationMs: number | null }>;

export type SimulationReport = Readonly<{
  campaignId: string;
  /** What changed from the recorded config (empty: a replay under the recorded config). */
  overrides: Readonly<Record<string, number>>;
  recorded: RecordedRun;
  simulated: SimulationResult;
  ratio: SimulationRatios;
}>;

const ratio = (simulated: number | null, recorded: number | null): number | null =>
  simulated === null || recorded === null || recorded === 0 ? null : Math.round((simulated / recorded) * 10_000) / 10_000;

export const simulationRatios = (recorded: RecordedRun, simulated: SimulationResult): SimulationRatios => ({
  attempts: ratio(simulated.attempts, recorded.attempts),
  completed: ratio(simulated.completed, recorded.completed),
  failed: ratio(simulated.failed, recorded.failed),
  durationMs: ratio(simulated.durationMs, recorded.durationMs),
});
