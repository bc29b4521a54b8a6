import type { VerifyOptions } from '../../domain/audit/checks/check.js';
import { type AppConfig, orgFrequencyCap } from './app-config.js';

/** What the checks need that the log does not record: the limits this process is configured with. */
export const verifyOptionsOf = (config: AppConfig, decisionLagMs?: string): Partial<VerifyOptions> => {
  if (decisionLagMs !== undefined && !(Number(decisionLagMs) >= 0)) throw new Error(`--decision-lag-ms must be a number of milliseconds ≥ 0, got ${decisionLagMs}`);
  return {
    frequencyCap: orgFrequencyCap(config),
    globalCap: config.MAX_CONCURRENT_CALLS ?? null,
    maxCallsPerSecond: config.MAX_CALLS_PER_SECOND ?? null,
    ...(decisionLagMs === undefined ? {} : { decisionLagMs: Number(decisionLagMs) }),
  };
};
