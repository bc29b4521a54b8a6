import {
  applyConfigChanges,
  changedFields,
  patchedFields,
  retryPolicyInForce,
} from '../../../src/domain/campaign/campaign-config-change.js';
import { DEFAULT_RETRY_POLICY } from '../../../src/domain/campaign/campaign-config.js';
import { evolve as evolveCampaign } from '../../../src/domain/campaign/campaign.evolve.js';
import type { CampaignEvent } from '../../../src/domain/campaign/campaign.events.js';
import { foldDialer } from '../../../src/domain/dialer/dialer.evolve.js';
import { initialDialerState } from '../../../src/domain/dialer/dialer.state.js';
import { evolveCampaignRow } from '../../../src/projections/campaigns/campaign-row.js';
import { validConfig } from '../../support/campaign-config.fixtures.js';

const config = validConfig();

describe('a PATCH merged into the config', () => {
  it('merges nested objects field by field and replaces arrays and scalars whole', () => {
    const fields = patchedFields(config, {
      schedule: { timezone: 'Europe/Paris', windows: undefined },
      retryPolicy: { maxRetries: 0 },
      maxConcurrentCalls: 2,
    });
    expect(fields).toEqual({
      schedule: { ...config.schedule, timezone: 'Europe/Paris' },
      retryPolicy: { ...config.retryPolicy, maxRetries: 0 },
      maxConcurrentCalls: 2,
    });
    expect(patchedFields(config, { schedule: { blackoutDates: [] } }).schedule?.blackoutDates).toEqual([]);
  });

  it('replaces the compliance fields whole; null recipient hours is a change, not an omission', () => {
    const fields = patchedFields(config, { recipientHours: { start: '09:00', end: '20:00' }, complianceRules: 'none', subject: 's', weight: 5 });
    expect(fields).toEqual({ recipientHours: { start: '09:00', end: '20:00' }, complianceRules: 'none', subject: 's', weight: 5 });
    expect(changedFields(config, patchedFields(config, { recipientHours: null }))).toEqual({ recipientHours: null });
    expect(changedFields(config, patchedFields(config, { weight: config.weight, subject: config.subject }))).toEqual({});
    const cleared = applyConfigChanges(config, { recipientHours: null, weight: 4 });
    expect(cleared).toEqual({ ...config, recipientHours: null, weight: 4 });
  });

  it('names only the fields the patch names; undefined is no change', () => {
    expect(Object.keys(patchedFields(config, { name: 'x', maxConcurrentCalls: undefined }))).toEqual(['name']);
    expect(patchedFields(config, {})).toEqual({});
  });

  it('records only the fields whose value differs, whatever the key order', () => {
    const { maxDelayMs, maxRetries, backoffMultiplier, initialDelayMs } = config.retryPolicy;
    const reordered = { maxDelayMs, backoffMultiplier, initialDelayMs, maxRetries };
    expect(changedFields(config, { name: config.name, retryPolicy: reordered })).toEqual({});
    expect(changedFields(config, { name: 'New', maxConcurrentCalls: config.maxConcurrentCalls })).toEqual({ name: 'New' });
  });
});

describe('CampaignUpdated folded into whatever holds the config', () => {
  it('replaces the changed fields and keeps the others', () => {
    expect(applyConfigChanges(config, { maxConcurrentCalls: 9 })).toEqual({ ...config, maxConcurrentCalls: 9 });
  });

  it('adds no field the holder does not carry (the dialer has no name)', () => {
    const { name: _name, ...dialerConfig } = config;
    expect(applyConfigChanges(dialerConfig, { name: 'New', maxConcurrentCalls: 3 })).toEqual({ ...dialerConfig, maxConcurrentCalls: 3 });
  });

  it('gives the campaign, its dialer and its read-model row the same config', () => {
    const campaignId = 'c-1';
    const events: CampaignEvent[] = [
      { type: 'CampaignCreated', data: { campaignId, ...config } },
      { type: 'CampaignUpdated', data: { maxConcurrentCalls: 2, retryPolicy: { ...config.retryPolicy, maxRetries: 0 } } },
      { type: 'CampaignUpdated', data: { name: 'Renamed', schedule: { ...config.schedule, blackoutDates: [] } } },
    ];
    const campaign = events.reduce(evolveCampaign, { status: 'initial' });
    const dialer = foldDialer(initialDialerState(campaignId), events);
    const row = events.reduce(
      (r, event, version) => evolveCampaignRow(r, { id: campaignId, event, version, at: '2026-11-24T10:00:00.000Z' }),
      null as ReturnType<typeof evolveCampaignRow>,
    );
    const expected = { name: 'Renamed', schedule: { ...config.schedule, blackoutDates: [] }, maxConcurrentCalls: 2, retryPolicy: { ...config.retryPolicy, maxRetries: 0 } };
    expect(campaign).toMatchObject({ config: expected });
    const { name: _name, ...dialerExpected } = expected;
    const { recipientHours, complianceRules, subject, weight = 1 } = config;
    expect(dialer.config).toEqual({ ...dialerExpected, recipientHours, complianceRules, subject, weight });
    expect(row).toMatchObject(expected);
  });
});

describe('the retry policy in force', () => {
  it('is the campaign’s current one, or the default for a call outside any campaign', () => {
    expect(retryPolicyInForce({ retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 7 } }).maxRetries).toBe(7);
    expect(retryPolicyInForce(null)).toEqual(DEFAULT_RETRY_POLICY);
  });
});
