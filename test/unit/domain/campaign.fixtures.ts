import { randomUUID } from 'node:crypto';
import type { CampaignEvent } from '../../../src/domain/campaign/campaign.events.js';
import { validConfig } from '../../support/campaign-config.fixtures.js';

export const call = (phoneNumber: string) => ({ callId: randomUUID(), phoneNumber });

/** A fresh campaign id and event builders for its history. */
export const campaignHistory = () => {
  const campaignId = randomUUID();
  const created = (config = validConfig()): CampaignEvent => ({
    type: 'CampaignCreated',
    data: { campaignId, ...config },
  });
  const numbersAdded = (...calls: Array<{ callId: string; phoneNumber: string }>): CampaignEvent => ({
    type: 'CampaignNumbersAdded',
    data: { calls },
  });
  const one = numbersAdded(call('+14155550101'));
  const started: CampaignEvent = { type: 'CampaignStarted', data: {} };
  const paused: CampaignEvent = { type: 'CampaignPaused', data: {} };
  const cancelled: CampaignEvent = { type: 'CampaignCancelled', data: { reason: 'client asked' } };
  const completed: CampaignEvent = { type: 'CampaignCompleted', data: { completed: 1, failed: 0 } };
  const failed: CampaignEvent = { type: 'CampaignFailed', data: { reason: 'provider down', completed: 0, failed: 1 } };
  const deleted: CampaignEvent = { type: 'CampaignDeleted', data: {} };
  const at = {
    pending: [created(), one],
    empty: [created()],
    inProgress: [created(), one, started],
    paused: [created(), one, started, paused],
    completed: [created(), one, started, completed],
    failed: [created(), one, started, failed],
    cancelled: [created(), one, cancelled],
    deleted: [created(), one, deleted],
  };
  return { campaignId, created, numbersAdded, at };
};
