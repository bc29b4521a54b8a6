import type { CampaignEvent } from '../../../src/domain/campaign/campaign.events.js';
import { evolveCampaignRow, type CampaignRow } from '../../../src/projections/campaigns/campaign-row.js';

const config = {
  name: 'n',
  schedule: { timezone: 'UTC', windows: [{ days: ['mon' as const], start: '09:00', end: '17:00' }], blackoutDates: [] },
  maxConcurrentCalls: 3,
  retryPolicy: { maxRetries: 1, initialDelayMs: 1, backoffMultiplier: 1, maxDelayMs: 1 },
};
const compliance = { recipientHours: null, complianceRules: 'none', subject: 'c1', weight: 1 } as const;

const fold = (events: CampaignEvent[]) =>
  events.reduce<CampaignRow | null>((row, event, version) => evolveCampaignRow(row, { id: 'c1', event, version, at: `t${version}` }), null);

describe('evolveCampaignRow', () => {
  it('tracks status, config changes, start and end times and the stream version', () => {
    const row = fold([
      { type: 'CampaignCreated', data: { campaignId: 'c1', ...config, ...compliance } },
      { type: 'CampaignNumbersAdded', data: { calls: [{ callId: 'x', phoneNumber: '+1' }] } },
      { type: 'CampaignStarted', data: {} },
      { type: 'CampaignPaused', data: {} },
      { type: 'CampaignUpdated', data: { maxConcurrentCalls: 9 } },
      { type: 'CampaignUpdated', data: { recipientHours: { start: '09:00', end: '24:00' }, complianceRules: 'builtin', weight: 3 } },
      { type: 'CampaignResumed', data: {} },
      { type: 'CampaignCancelled', data: { reason: null } },
    ]);
    expect(row).toEqual({
      id: 'c1',
      ...config,
      ...compliance,
      maxConcurrentCalls: 9,
      recipientHours: { start: '09:00', end: '24:00' },
      complianceRules: 'builtin',
      weight: 3,
      status: 'cancelled',
      createdAt: 't0',
      updatedAt: 't7',
      startedAt: 't2',
      endedAt: 't7',
      version: 7,
    });
  });

  it('has no row before creation or after deletion', () => {
    expect(fold([{ type: 'CampaignStarted', data: {} }])).toBeNull();
    expect(fold([{ type: 'CampaignCreated', data: { campaignId: 'c1', ...config, ...compliance } }, { type: 'CampaignDeleted', data: {} }])).toBeNull();
  });

  it('ends a campaign as completed or failed', () => {
    const created: CampaignEvent = { type: 'CampaignCreated', data: { campaignId: 'c1', ...config, ...compliance } };
    const started: CampaignEvent = { type: 'CampaignStarted', data: {} };
    expect(fold([created, started, { type: 'CampaignCompleted', data: { completed: 1, failed: 0 } }])).toMatchObject({ status: 'completed', endedAt: 't2' });
    expect(fold([created, started, { type: 'CampaignFailed', data: { reason: 'r', completed: 0, failed: 1 } }])).toMatchObject({ status: 'failed' });
  });
});
