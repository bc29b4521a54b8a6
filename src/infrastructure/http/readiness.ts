/** A dependency /health/ready asks; throwing marks the service not ready. Extra fields are reported. */
export type ReadinessCheck = { name: string; run(): Promise<Record<string, unknown> | void> };
export const READINESS_CHECKS = Symbol('ReadinessChecks');
