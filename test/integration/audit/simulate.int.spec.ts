import { simulateCampaignFromLog } from '../../../src/application/audit/simulate-campaign.js';
import { campaignStatus, createCampaign, startRunner, useTestStore, waitFor } from '../../support/dialer-harness.js';
import { mockNumbers } from '../../support/dialer-numbers.js';
import { ScriptedTelephony } from '../../support/dialer-telephony.js';

const pg = useTestStore();
const settings = { recipientMarginMs: 60_000, now: new Date().toISOString() };

/** A campaign run for real through the dialer: first attempts, retries, final failures, a number answered on its retry. */
const runCampaign = async (): Promise<string> => {
  const worker = await startRunner({
    databaseUrl: pg.db.url,
    telephony: (s) => new ScriptedTelephony(s, { minDurationMs: 150, maxDurationMs: 450 }),
  });
  try {
    const used = new Set<string>();
    const numbers = [
      ...mockNumbers('answered', 6, used),
      ...mockNumbers('busyAlways', 2, used),
      ...mockNumbers('busyThenAnswered', 3, used),
      ...mockNumbers('noAnswerAlways', 2, used),
    ];
    const id = await createCampaign(pg.store, {
      phoneNumbers: numbers,
      maxConcurrentCalls: 3,
      retryPolicy: { maxRetries: 2, initialDelayMs: 200, backoffMultiplier: 2, maxDelayMs: 1_000 },
    });
    await waitFor('the campaign to complete', async () => (await campaignStatus(pg.store, id)) === 'completed', 30_000);
    return id;
  } finally {
    await worker.close();
  }
};

describe('simulate (DESIGN §9): a what-if replay of a recorded campaign', () => {
  let id = '';
  beforeAll(async () => {
    id = await runCampaign();
  }, 40_000);

  it('under the recorded config reproduces the recorded attempts and outcomes exactly and the duration within 5 %', async () => {
    const report = (await simulateCampaignFromLog(pg.store, id, {}, settings))!;
    // 6 answered + 2 busy ×3 + 3 busy-then-answered ×2 + 2 no-answer ×3
    expect(report.recorded).toMatchObject({ attempts: 24, completed: 9, failed: 4, skipped: 0 });
    expect(report.simulated).toMatchObject({ attempts: 24, completed: 9, failed: 4, skipped: 0, drawnAttempts: 0, end: 'completed' });
    expect(report.ratio.attempts).toBe(1);
    expect(report.simulated.startedAt).toBe(report.recorded.startedAt);
    expect(Math.abs(report.ratio.durationMs! - 1)).toBeLessThan(0.05);
  });

  it('reads a large campaign in one pass over the log to the same report as stream by stream', async () => {
    const byStream = await simulateCampaignFromLog(pg.store, id, { maxRetries: 3 }, settings);
    const scanned = await simulateCampaignFromLog(pg.store, id, { maxRetries: 3 }, { ...settings, scanAbove: 0 });
    expect(scanned).toEqual(byStream);
    expect(scanned!.recorded.attempts).toBe(24);
  });

  it('with fewer retries makes fewer attempts and fails more; with a bigger cap finishes sooner', async () => {
    const recorded = (await simulateCampaignFromLog(pg.store, id, {}, settings))!.simulated;
    const noRetries = (await simulateCampaignFromLog(pg.store, id, { maxRetries: 0 }, settings))!;
    expect(noRetries.overrides).toEqual({ maxRetries: 0 });
    expect(noRetries.simulated).toMatchObject({ attempts: 13, completed: 6, failed: 7, end: 'completed' });
    const wider = (await simulateCampaignFromLog(pg.store, id, { maxConcurrentCalls: 13 }, settings))!.simulated;
    expect(wider.attempts).toBe(24);
    expect(wider.durationMs!).toBeLessThan(recorded.durationMs!);
  });

  it('draws the attempts the log never held from the number\'s own outcomes, the same way for the same seed', async () => {
    const more = (await simulateCampaignFromLog(pg.store, id, { maxRetries: 4, seed: 7 }, settings))!.simulated;
    // Busy-always and no-answer-always numbers stay so for their two extra retries: 4 numbers × 2 drawn attempts.
    expect(more).toMatchObject({ attempts: 32, drawnAttempts: 8, completed: 9, failed: 4, seed: 7 });
    expect((await simulateCampaignFromLog(pg.store, id, { maxRetries: 4, seed: 7 }, settings))!.simulated).toEqual(more);
  });

  it('names the field of an override no campaign could have, and knows no unknown campaign', async () => {
    await expect(simulateCampaignFromLog(pg.store, id, { maxRetries: 11 }, settings)).rejects.toMatchObject({ details: [{ field: 'maxRetries' }] });
    await expect(simulateCampaignFromLog(pg.store, id, { initialDelayMs: 5_000 }, settings)).rejects.toMatchObject({ details: [{ field: 'maxDelayMs' }] });
    expect(await simulateCampaignFromLog(pg.store, '6f1c1c39-3f55-4c55-9d4f-7d0e4a3c2b11', {}, settings)).toBeNull();
  });
});
