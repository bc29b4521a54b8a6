import type { Schedule } from '../calendar/schedule.js';
import type { ComplianceMode, RecipientHours } from '../compliance/index.js';
import { arr, categoryOf, num, obj, str, streamId, type AuditEvent } from './audit-event.js';

/** A campaign as its stream says at the current position of the fold. */
export type CampaignFacts = {
  id: string;
  schedule: Schedule | null;
  cap: number | null;
  /** Null hours: none of the campaign's own. Both absent on campaigns created before the rules existed. */
  recipientHours: RecipientHours | null;
  complianceRules: ComplianceMode;
  subject: string;
  status: string;
  callIds: string[];
  removed: Set<string>;
};

export type CallFacts = Readonly<{ campaignId: string | null; phoneNumber: string; timezone?: string; zip?: string }>;

/** What every check may ask about the log so far: campaigns' config in force and who each call rings. */
export type LogFacts = Readonly<{ campaigns: Map<string, CampaignFacts>; calls: Map<string, CallFacts> }>;

export const emptyFacts = (): LogFacts => ({ campaigns: new Map(), calls: new Map() });

const STATUS_OF: Readonly<Record<string, string>> = {
  CampaignStarted: 'in_progress',
  CampaignResumed: 'in_progress',
  CampaignPaused: 'paused',
  CampaignCancelled: 'cancelled',
  CampaignCompleted: 'completed',
  CampaignFailed: 'failed',
  CampaignDeleted: 'deleted',
};

const applyConfig = (campaign: CampaignFacts, data: Readonly<Record<string, unknown>>): void => {
  const schedule = obj(data, 'schedule');
  if (schedule !== undefined) campaign.schedule = schedule as unknown as Schedule;
  const cap = num(data, 'maxConcurrentCalls');
  if (cap !== undefined) campaign.cap = cap;
  if ('recipientHours' in data) campaign.recipientHours = (obj(data, 'recipientHours') as RecipientHours | undefined) ?? null;
  const rules = str(data, 'complianceRules');
  if (rules === 'builtin' || rules === 'none') campaign.complianceRules = rules;
  const subject = str(data, 'subject');
  if (subject !== undefined) campaign.subject = subject;
};

const applyCampaign = (facts: LogFacts, id: string, event: AuditEvent): void => {
  const { data } = event;
  if (event.type === 'CampaignCreated') {
    const campaign: CampaignFacts = {
      id,
      schedule: null,
      cap: null,
      recipientHours: null,
      complianceRules: 'none',
      subject: id,
      status: 'pending',
      callIds: [],
      removed: new Set(),
    };
    applyConfig(campaign, data);
    facts.campaigns.set(id, campaign);
    return;
  }
  const campaign = facts.campaigns.get(id);
  if (campaign === undefined) return;
  if (event.type === 'CampaignUpdated') applyConfig(campaign, data);
  else if (event.type === 'CampaignNumbersAdded') {
    for (const call of arr(data, 'calls')) {
      const callId = str(call, 'callId');
      const phoneNumber = str(call, 'phoneNumber');
      if (callId === undefined || phoneNumber === undefined) continue;
      campaign.callIds.push(callId);
      facts.calls.set(callId, withLocation({ campaignId: id, phoneNumber }, call));
    }
  } else if (event.type === 'CampaignNumberRemoved') {
    const callId = str(data, 'callId');
    if (callId !== undefined) campaign.removed.add(callId);
  } else campaign.status = STATUS_OF[event.type] ?? campaign.status;
};

const withLocation = (call: CallFacts, data: Readonly<Record<string, unknown>>): CallFacts => {
  const timezone = str(data, 'timezone');
  const zip = str(data, 'zip');
  return { ...call, ...(timezone === undefined ? {} : { timezone }), ...(zip === undefined ? {} : { zip }) };
};

/** Folds one event into the facts; events it does not know change nothing. */
export const applyFacts = (facts: LogFacts, event: AuditEvent): void => {
  const category = categoryOf(event.stream);
  if (category === 'campaign') return applyCampaign(facts, streamId(event.stream), event);
  if (category === 'call' && event.type === 'CallScheduled') {
    const callId = streamId(event.stream);
    if (facts.calls.has(callId)) return;
    const phoneNumber = str(event.data, 'phoneNumber') ?? '';
    facts.calls.set(callId, { campaignId: str(event.data, 'campaignId') ?? null, phoneNumber });
  }
};

/** The campaign a call belongs to, null for single calls and calls the log never scheduled. */
export const campaignOfCall = (facts: LogFacts, callId: string): string | null => facts.calls.get(callId)?.campaignId ?? null;
