/**
 * Calls one campaign may hold. Every dialer decision folds the campaign's call list, so its size is
 * bounded on purpose; a larger list is several campaigns.
 */
export const MAX_CALLS_PER_CAMPAIGN = 1_000_000;
