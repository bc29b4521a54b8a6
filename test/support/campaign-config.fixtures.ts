import type { CampaignConfig } from '../../src/domain/campaign/campaign-config.js';

/** The DESIGN §3 example campaign, valid in every tier; `overrides` replace whole fields. */
export const validConfig = (overrides: Partial<CampaignConfig> = {}): CampaignConfig => ({
  name: 'Renewals November',
  schedule: {
    timezone: 'America/New_York',
    windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' }],
    blackoutDates: ['2026-12-25'],
  },
  maxConcurrentCalls: 5,
  retryPolicy: { maxRetries: 2, initialDelayMs: 60_000, backoffMultiplier: 2, maxDelayMs: 3_600_000 },
  recipientHours: { start: '08:00', end: '21:00' },
  complianceRules: 'builtin',
  subject: 'renewals',
  weight: 1,
  ...overrides,
});
