import { MAX_CONCURRENT_CALLS_LIMIT, type RetryPolicy } from '../campaign/campaign-config.js';
import { validateRetryPolicy } from '../campaign/campaign-config-validation.js';
import { ValidationError, type FieldError } from '../shared/errors.js';
import type { SimulationOverrides } from './campaign-simulation.js';

/** The CLI flags and the request body of a what-if run, flat; every one optional. */
export type SimulationOptions = Readonly<{
  maxConcurrentCalls?: number;
  maxRetries?: number;
  initialDelayMs?: number;
  backoffMultiplier?: number;
  maxDelayMs?: number;
  seed?: number;
}>;

const RETRY_KEYS = ['maxRetries', 'initialDelayMs', 'backoffMultiplier', 'maxDelayMs'] as const satisfies ReadonlyArray<keyof RetryPolicy>;

export const overridesOf = (options: SimulationOptions): SimulationOverrides => {
  const retryPolicy = Object.fromEntries(RETRY_KEYS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
  return {
    ...(options.maxConcurrentCalls === undefined ? {} : { maxConcurrentCalls: options.maxConcurrentCalls }),
    ...(Object.keys(retryPolicy).length === 0 ? {} : { retryPolicy }),
  };
};

/** The changes as given, for the report. */
export const changedFields = (options: SimulationOptions): Record<string, number> =>
  Object.fromEntries((['maxConcurrentCalls', ...RETRY_KEYS] as const).filter((k) => options[k] !== undefined).map((k) => [k, options[k]!]));

/**
 * The overrides on top of the recorded policy must make a policy the campaign could have had: the
 * same bounds as a PATCH, named by the flag or body field that broke them.
 */
export const validateSimulationOptions = (options: SimulationOptions, recorded: RetryPolicy): FieldError[] => {
  const errors: FieldError[] = [];
  const cap = options.maxConcurrentCalls;
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1 && cap <= MAX_CONCURRENT_CALLS_LIMIT)) {
    errors.push({ field: 'maxConcurrentCalls', message: `must be an integer from 1 to ${MAX_CONCURRENT_CALLS_LIMIT}` });
  }
  if (options.seed !== undefined && !(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff)) {
    errors.push({ field: 'seed', message: 'must be an integer from 0 to 4294967295' });
  }
  const policy = { ...recorded, ...overridesOf(options).retryPolicy };
  errors.push(...validateRetryPolicy(policy, 'p').map((e) => ({ field: e.field.slice(2), message: e.message })));
  return errors;
};

export const throwIfInvalidSimulation = (options: SimulationOptions, recorded: RetryPolicy): void => {
  const errors = validateSimulationOptions(options, recorded);
  if (errors.length > 0) throw new ValidationError(errors);
};
