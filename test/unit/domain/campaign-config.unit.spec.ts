import {
  MAX_RETRY_DELAY_MS,
  validateCampaignConfig,
  validateConfigChanges,
} from '../../../src/domain/campaign/campaign-config-validation.js';
import {
  DEFAULT_RETRY_POLICY,
  MAX_CONCURRENT_CALLS_LIMIT,
  resolveCampaignConfig,
  type CampaignConfig,
} from '../../../src/domain/campaign/campaign-config.js';
import { validConfig } from '../../support/campaign-config.fixtures.js';

const fieldsOf = (config: CampaignConfig) => validateCampaignConfig(config).map((e) => e.field);
const retry = (overrides: Partial<CampaignConfig['retryPolicy']>) =>
  validConfig({ retryPolicy: { ...DEFAULT_RETRY_POLICY, ...overrides } });

describe('validateCampaignConfig', () => {
  it('accepts a valid configuration', () => {
    expect(validateCampaignConfig(validConfig())).toEqual([]);
  });

  it.each([
    ['empty', '', 'must not be blank'],
    ['blank', '   ', 'must not be blank'],
    ['201 characters long', 'x'.repeat(201), 'must be at most 200 characters'],
  ])('rejects a name that is %s', (_label, name, message) => {
    expect(validateCampaignConfig(validConfig({ name }))).toEqual([{ field: 'name', message }]);
  });

  it('accepts a name of exactly 200 characters', () => {
    expect(validateCampaignConfig(validConfig({ name: 'x'.repeat(200) }))).toEqual([]);
  });

  it.each([0, -1, 2.5, MAX_CONCURRENT_CALLS_LIMIT + 1, Number.NaN])('rejects maxConcurrentCalls %p', (value) => {
    expect(fieldsOf(validConfig({ maxConcurrentCalls: value }))).toEqual(['maxConcurrentCalls']);
  });

  it.each([1, MAX_CONCURRENT_CALLS_LIMIT])('accepts maxConcurrentCalls %p', (value) => {
    expect(fieldsOf(validConfig({ maxConcurrentCalls: value }))).toEqual([]);
  });

  it('prefixes schedule errors with schedule.', () => {
    const schedule = { timezone: 'Nowhere/Atlantis', windows: [{ days: ['mon' as const], start: '25:00', end: '17:00' }], blackoutDates: [] };
    const fields = fieldsOf(validConfig({ schedule }));
    expect(fields).toContain('schedule.timezone');
    expect(fields).toContain('schedule.windows[0].start');
    expect(fields.every((f) => f.startsWith('schedule.'))).toBe(true);
  });

  it.each([
    [{ maxRetries: -1 }, 'retryPolicy.maxRetries'],
    [{ maxRetries: 11 }, 'retryPolicy.maxRetries'],
    [{ maxRetries: 1.5 }, 'retryPolicy.maxRetries'],
    [{ initialDelayMs: -1 }, 'retryPolicy.initialDelayMs'],
    [{ initialDelayMs: MAX_RETRY_DELAY_MS + 1, maxDelayMs: MAX_RETRY_DELAY_MS }, 'retryPolicy.initialDelayMs'],
    [{ backoffMultiplier: 0.5 }, 'retryPolicy.backoffMultiplier'],
    [{ backoffMultiplier: 11 }, 'retryPolicy.backoffMultiplier'],
    [{ maxDelayMs: MAX_RETRY_DELAY_MS + 1 }, 'retryPolicy.maxDelayMs'],
    [{ initialDelayMs: 10_000, maxDelayMs: 9_999 }, 'retryPolicy.maxDelayMs'],
  ])('rejects the retry policy %j', (overrides, field) => {
    expect(fieldsOf(retry(overrides))).toEqual([field]);
  });

  it('accepts the boundaries of the retry policy', () => {
    expect(fieldsOf(retry({ maxRetries: 0, initialDelayMs: 0, backoffMultiplier: 1, maxDelayMs: 0 }))).toEqual([]);
    expect(
      fieldsOf(retry({ maxRetries: 10, initialDelayMs: MAX_RETRY_DELAY_MS, backoffMultiplier: 10, maxDelayMs: MAX_RETRY_DELAY_MS })),
    ).toEqual([]);
  });

  it('lists every bad field at once, also for values of the wrong type', () => {
    const config = {
      name: 42,
      schedule: null,
      maxConcurrentCalls: '5',
      retryPolicy: undefined,
      recipientHours: '08-21',
      complianceRules: 'strict',
      subject: 7,
      weight: 1.5,
    } as unknown as CampaignConfig;
    expect(fieldsOf(config)).toEqual([
      'name',
      'schedule',
      'maxConcurrentCalls',
      'retryPolicy',
      'recipientHours',
      'complianceRules',
      'subject',
      'weight',
    ]);
  });

  it.each([
    [{ start: '08:00', end: '21:00' }],
    [{ start: '00:00', end: '24:00' }],
    [{ start: '09:30', end: '09:31' }],
    [null],
  ])('accepts the recipient hours %j', (recipientHours) => {
    expect(fieldsOf(validConfig({ recipientHours }))).toEqual([]);
  });

  it.each([
    [{ start: '8:00', end: '21:00' }, ['recipientHours.start']],
    [{ start: '24:00', end: '24:00' }, ['recipientHours.start']],
    [{ start: '08:00', end: '24:01' }, ['recipientHours.end']],
    [{ start: '21:00', end: '08:00' }, ['recipientHours.end']],
    [{ start: '09:00', end: '09:00' }, ['recipientHours.end']],
    [{ start: 'x', end: 'y' }, ['recipientHours.start', 'recipientHours.end']],
  ])('rejects the recipient hours %j', (recipientHours, fields) => {
    expect(fieldsOf(validConfig({ recipientHours }))).toEqual(fields);
  });

  it('bounds the subject and the weight', () => {
    expect(fieldsOf(validConfig({ subject: 'x'.repeat(200), weight: 100 }))).toEqual([]);
    expect(fieldsOf(validConfig({ subject: 'x'.repeat(201), weight: 101 }))).toEqual(['subject', 'weight']);
    expect(fieldsOf(validConfig({ subject: '  ', weight: 0 }))).toEqual(['subject', 'weight']);
    expect(fieldsOf(validConfig({ complianceRules: 'none' }))).toEqual([]);
  });
});

describe('validateConfigChanges', () => {
  it('checks only the fields present', () => {
    expect(validateConfigChanges({})).toEqual([]);
    expect(validateConfigChanges({ maxConcurrentCalls: 3 })).toEqual([]);
    expect(validateConfigChanges({ name: '' }).map((e) => e.field)).toEqual(['name']);
  });
});

describe('resolveCampaignConfig', () => {
  const input = { name: 'N', schedule: { timezone: 'UTC', windows: validConfig().schedule.windows } };

  it('fills the cap from the edge default, the retry policy and blackout dates from documented defaults', () => {
    expect(resolveCampaignConfig('c-1', input, { maxConcurrentCalls: 10 })).toEqual({
      name: 'N',
      schedule: { timezone: 'UTC', windows: validConfig().schedule.windows, blackoutDates: [] },
      maxConcurrentCalls: 10,
      retryPolicy: DEFAULT_RETRY_POLICY,
      recipientHours: { start: '08:00', end: '21:00' },
      complianceRules: 'builtin',
      subject: 'c-1',
      weight: 1,
    });
  });

  it('keeps the compliance fields the client gave, null recipient hours included', () => {
    const given = { recipientHours: null, complianceRules: 'none', subject: 'renewals', weight: 7 } as const;
    expect(resolveCampaignConfig('c-1', { ...input, ...given }, { maxConcurrentCalls: 10 })).toMatchObject(given);
  });

  it('keeps what the client gave, merging a partial retry policy over the defaults', () => {
    const resolved = resolveCampaignConfig(
      'c-1',
      { ...input, maxConcurrentCalls: 3, retryPolicy: { maxRetries: 5, initialDelayMs: undefined } },
      { maxConcurrentCalls: 10 },
    );
    expect(resolved.maxConcurrentCalls).toBe(3);
    expect(resolved.retryPolicy).toEqual({ ...DEFAULT_RETRY_POLICY, maxRetries: 5 });
  });
});
