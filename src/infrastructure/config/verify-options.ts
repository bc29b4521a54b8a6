import type { VerifyOptions } from '../../domain/audit/checks/check.js';
import { type AppConfig, orgFrequencyCap } from './app-config.js';

/** The tolerances `dialstream verify` takes on its command line, as typed there. */
export type VerifyFlags = Readonly<{ decisionLagMs?: string; rateToleranceMs?: string }>;

const milliseconds = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  if (!(Number(value) >= 0)) throw new Error(`--${flag} must be a number of milliseconds ≥ 0, got ${value}`);
  return Number(value);
};

/** What the checks need that the log does not record: the limits this process is configured with. */
export const verifyOptionsOf = (config: AppConfig, flags: VerifyFlags = {}): Partial<VerifyOptions> => {
  const decisionLagMs = milliseconds('decision-lag-ms', flags.decisionLagMs);
  const rateToleranceMs = milliseconds('rate-tolerance-ms', flags.rateToleranceMs);
  return {
    frequencyCap: orgFrequencyCap(config),
    globalCap: config.MAX_CONCURRENT_CALLS ?? null,
    maxCallsPerSecond: config.MAX_CALLS_PER_SECOND ?? null,
    ...(decisionLagMs === undefined ? {} : { decisionLagMs }),
    ...(rateToleranceMs === undefined ? {} : { rateToleranceMs }),
  };
};
