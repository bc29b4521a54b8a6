import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../support/app.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * Calling hours on one weekday three days from now only: a started campaign is never dialed while
 * a test runs, so its status and stats change only through the API under test.
 */
export const closedSchedule = () => ({
  timezone: 'UTC',
  windows: [{ days: [WEEKDAYS[(new Date().getUTCDay() + 3) % 7]!], start: '09:00', end: '17:00' }],
});

/** Fictional +1 415 555-01XX numbers (DESIGN §4): `fictional(7)` is +14155550107. */
export const fictional = (n: number): string => `+14155550${String(100 + (n % 100))}`;

/** `count` distinct valid numbers, e.g. for bulk imports: +1 415 2XX XXXX. */
export const manyNumbers = (count: number, offset = 0): string[] =>
  Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    return `+1415${200 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;
  });

export const createBody = (overrides: Record<string, unknown> = {}) => ({
  name: `Campaign ${randomUUID().slice(0, 8)}`,
  schedule: closedSchedule(),
  ...overrides,
});

export const createCampaign = async (app: TestApp, overrides: Record<string, unknown> = {}) => {
  const response = await app.api('POST', '/campaigns', { body: createBody(overrides) });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${response.text}`);
  return response.body as { id: string; version: number; [key: string]: unknown };
};

export const eventTypes = async (app: TestApp, campaignId: string): Promise<string[]> =>
  (await app.store.readStream(`campaign-${campaignId}`).catch(() => [])).map((e) => e.type);
