import { listCalls } from '../../../src/domain/campaign/campaign-call-list.js';
import { campaignDecider } from '../../../src/domain/campaign/campaign.decider.js';
import type { CampaignEvent } from '../../../src/domain/campaign/campaign.events.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../../../src/domain/shared/errors.js';
import { deciderSpec } from '../../support/given-when-then.js';
import { validConfig } from '../../support/campaign-config.fixtures.js';
import { call, campaignHistory } from './campaign.fixtures.js';

const { given, fold } = deciderSpec(campaignDecider);

describe('campaign decider: CreateCampaign', () => {
  it('creates a campaign and adds its numbers in the same decision, each number once', () => {
    const { campaignId } = campaignHistory();
    const [a, b, again] = [call('+14155550101'), call('+442071838750'), call('+14155550101')];
    given([])
      .when({ type: 'CreateCampaign', campaignId, config: validConfig(), calls: [a, b, again] })
      .then([
        { type: 'CampaignCreated', data: { campaignId, ...validConfig() } },
        { type: 'CampaignNumbersAdded', data: { calls: [a, b] } },
      ]);
  });

  it('creates a campaign without numbers', () => {
    const { campaignId } = campaignHistory();
    const state = given([])
      .when({ type: 'CreateCampaign', campaignId, config: validConfig(), calls: [] })
      .then([{ type: 'CampaignCreated', data: { campaignId, ...validConfig() } }]);
    expect(state).toMatchObject({ status: 'pending', campaignId, config: validConfig() });
  });

  it('is a no-op when the same campaign is created again', () => {
    const { campaignId, at } = campaignHistory();
    given(at.pending).when({ type: 'CreateCampaign', campaignId, config: validConfig(), calls: [] }).thenNothing();
  });

  it('rejects a different campaign under an existing id', () => {
    const { campaignId, at } = campaignHistory();
    given(at.pending)
      .when({ type: 'CreateCampaign', campaignId, config: validConfig({ name: 'Other' }), calls: [] })
      .thenThrows(IllegalStateError, 'already exists');
  });

  it('rejects re-creating a deleted campaign', () => {
    const { campaignId, at } = campaignHistory();
    given(at.deleted)
      .when({ type: 'CreateCampaign', campaignId, config: validConfig(), calls: [] })
      .thenThrows(IllegalStateError, 'already exists');
  });

  it('names every invalid field of the configuration and of the numbers', () => {
    const { campaignId } = campaignHistory();
    const config = validConfig({
      name: '',
      maxConcurrentCalls: 0,
      retryPolicy: { maxRetries: 2, initialDelayMs: 60_000, backoffMultiplier: 2, maxDelayMs: 1_000 },
      schedule: { timezone: 'Mars/Olympus', windows: validConfig().schedule.windows, blackoutDates: [] },
    });
    const error = given([])
      .when({ type: 'CreateCampaign', campaignId, config, calls: [call('+14155550101'), call('4155550102')] })
      .thenThrows(ValidationError);
    expect(error.details.map((d) => d.field).sort()).toEqual(
      ['calls[1].phoneNumber', 'maxConcurrentCalls', 'name', 'retryPolicy.maxDelayMs', 'schedule.timezone'].sort(),
    );
  });
});

describe('campaign decider: UpdateCampaign', () => {
  it('records only the fields that change', () => {
    const { campaignId, at } = campaignHistory();
    const state = given(at.pending)
      .when({ type: 'UpdateCampaign', campaignId, changes: { name: 'Renewals December', maxConcurrentCalls: 5 } })
      .then([{ type: 'CampaignUpdated', data: { name: 'Renewals December' } }]);
    expect(state).toMatchObject({ config: validConfig({ name: 'Renewals December' }) });
  });

  it('changes the retry policy and the schedule of a running campaign', () => {
    const { campaignId, at } = campaignHistory();
    const retryPolicy = { maxRetries: 5, initialDelayMs: 1_000, backoffMultiplier: 3, maxDelayMs: 60_000 };
    const schedule = { ...validConfig().schedule, blackoutDates: [] };
    given(at.inProgress)
      .when({ type: 'UpdateCampaign', campaignId, changes: { retryPolicy, schedule } })
      .then([{ type: 'CampaignUpdated', data: { schedule, retryPolicy } }]);
  });

  it('is allowed while paused', () => {
    const { campaignId, at } = campaignHistory();
    given(at.paused)
      .when({ type: 'UpdateCampaign', campaignId, changes: { maxConcurrentCalls: 1 } })
      .then([{ type: 'CampaignUpdated', data: { maxConcurrentCalls: 1 } }]);
  });

  it('is a no-op when nothing changes (key order of nested values does not matter)', () => {
    const { campaignId, at } = campaignHistory();
    const { maxDelayMs, maxRetries, backoffMultiplier, initialDelayMs } = validConfig().retryPolicy;
    const reordered = { maxDelayMs, backoffMultiplier, initialDelayMs, maxRetries };
    given(at.pending)
      .when({ type: 'UpdateCampaign', campaignId, changes: { name: validConfig().name, retryPolicy: reordered } })
      .thenNothing();
  });

  it.each(['completed', 'failed', 'cancelled'] as const)('is illegal once %s', (status) => {
    const { campaignId, at } = campaignHistory();
    given(at[status])
      .when({ type: 'UpdateCampaign', campaignId, changes: { name: 'Late' } })
      .thenThrows(IllegalStateError, status);
  });

  it('names the invalid fields', () => {
    const { campaignId, at } = campaignHistory();
    const error = given(at.pending)
      .when({ type: 'UpdateCampaign', campaignId, changes: { name: 'x'.repeat(201), maxConcurrentCalls: 1.5 } })
      .thenThrows(ValidationError);
    expect(error.details.map((d) => d.field)).toEqual(['name', 'maxConcurrentCalls']);
  });

  it.each(['initial', 'deleted'] as const)('is not found when the campaign is %s', (status) => {
    const { campaignId, at } = campaignHistory();
    given(status === 'initial' ? [] : at.deleted)
      .when({ type: 'UpdateCampaign', campaignId, changes: { name: 'Ghost' } })
      .thenThrows(NotFoundError, campaignId);
  });
});

describe('campaign decider: AddNumbers', () => {
  it.each(['pending', 'inProgress', 'paused'] as const)('adds new numbers when %s, dropping known ones', (status) => {
    const { campaignId, at } = campaignHistory();
    const fresh = [call('+14155550102'), call('+442071838750')];
    const state = given(at[status])
      .when({ type: 'AddNumbers', campaignId, calls: [call('+14155550101'), ...fresh, call('+14155550102')] })
      .then([{ type: 'CampaignNumbersAdded', data: { calls: fresh } }]);
    if (state.status === 'initial') throw new Error('expected a campaign');
    expect(listCalls(state.calls).map((c) => c.phoneNumber)).toEqual(['+14155550101', '+14155550102', '+442071838750']);
  });

  it('is a no-op when every number is already in the campaign (re-issued command)', () => {
    const { campaignId, at } = campaignHistory();
    given(at.pending).when({ type: 'AddNumbers', campaignId, calls: [call('+14155550101')] }).thenNothing();
  });

  it.each(['completed', 'failed', 'cancelled'] as const)('is illegal once %s', (status) => {
    const { campaignId, at } = campaignHistory();
    given(at[status])
      .when({ type: 'AddNumbers', campaignId, calls: [call('+14155550109')] })
      .thenThrows(IllegalStateError, 'add numbers');
  });

  it('rejects a number that is not E.164, naming it', () => {
    const { campaignId, at } = campaignHistory();
    const error = given(at.pending)
      .when({ type: 'AddNumbers', campaignId, calls: [call('+14155550102'), call('+1 415 555 0103')] })
      .thenThrows(ValidationError, 'calls[1].phoneNumber');
    expect(error.details).toEqual([{ field: 'calls[1].phoneNumber', message: 'must be an E.164 number' }]);
  });

  it('is not found for an unknown campaign', () => {
    const { campaignId } = campaignHistory();
    given([]).when({ type: 'AddNumbers', campaignId, calls: [call('+14155550102')] }).thenThrows(NotFoundError);
  });
});

describe('campaign state', () => {
  it('keeps the calls in order and an older state unchanged when it is evolved again (no shared mutation)', () => {
    const { created, numbersAdded } = campaignHistory();
    const [a, b, c] = [call('+14155550101'), call('+14155550102'), call('+14155550103')];
    const base = fold([created(), numbersAdded(a)]);
    const left = fold([numbersAdded(b)], base);
    const right = fold([numbersAdded(c, b)], base);
    if (base.status === 'initial' || left.status === 'initial' || right.status === 'initial') throw new Error();
    expect(listCalls(base.calls)).toEqual([a]);
    expect(listCalls(left.calls)).toEqual([a, b]);
    expect(listCalls(right.calls)).toEqual([a, c, b]);
    expect(campaignDecider.decide({ type: 'AddNumbers', campaignId: '', calls: [c] }, left)).toHaveLength(1);
  });

  it('folds 100,000 numbers in batches in linear time', () => {
    const { created, numbersAdded } = campaignHistory();
    const batches: CampaignEvent[] = Array.from({ length: 100 }, (_, batch) =>
      numbersAdded(
        ...Array.from({ length: 1_000 }, (_, i) => ({ callId: `${batch}-${i}`, phoneNumber: `+1415${String(batch * 1000 + i).padStart(7, '0')}` })),
      ),
    );
    const startedAt = performance.now();
    const state = fold([created(), ...batches]);
    const elapsed = performance.now() - startedAt;
    console.log(`folded 100 batches of 1,000 numbers in ${elapsed.toFixed(1)} ms`);
    if (state.status === 'initial') throw new Error();
    expect(state.calls.length).toBe(100_000);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('skips an event type it does not know (a newer writer) instead of failing', () => {
    const { at } = campaignHistory();
    const unknown = { type: 'CampaignArchived', data: {} } as unknown as CampaignEvent;
    expect(fold([...at.pending, unknown])).toEqual(fold(at.pending));
  });
});
