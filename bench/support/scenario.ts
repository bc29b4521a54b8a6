/** One number a scenario reports, optionally beside the same-run baseline it is judged against. */
export type Measurement = Readonly<{
  name: string;
  value: number;
  unit: string;
  baseline?: Readonly<{ name: string; value: number }>;
}>;

export type ScenarioResult = Readonly<{
  measurements: readonly Measurement[];
  /** Everything else worth keeping in the JSON: counts, raw timings, the final stats. */
  details: Readonly<Record<string, unknown>>;
}>;

export type Params = Readonly<Record<string, number | string>>;

export type Scenario = Readonly<{
  name: string;
  summary: string;
  /** Defaults, overridden by BENCH_<NAME>_<PARAM> variables and `--numbers`. */
  params: Params;
  run(params: Params): Promise<ScenarioResult>;
}>;

/** `value / baseline`: above 1 the measured path takes longer (times) or does more (rates) than the baseline. */
export const ratioOf = (m: Measurement): number | null => (m.baseline && m.baseline.value !== 0 ? m.value / m.baseline.value : null);

export const param = (params: Params, key: string): number => {
  const value = Number(params[key]);
  if (!Number.isFinite(value)) throw new Error(`parameter ${key} is not a number: ${String(params[key])}`);
  return value;
};
