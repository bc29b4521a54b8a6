import type { StatsSource } from '../../../src/application/audit/verify-log.js';
import { verifyLog } from '../../../src/application/audit/verify-log.js';
import type { CheckId } from '../../../src/domain/audit/audit-event.js';
import type { VerifyOptions } from '../../../src/domain/audit/checks/check.js';
import { statsFromReadModel } from '../../../src/infrastructure/cli/audit-stores.js';
import type { OpenStores } from '../../../src/infrastructure/persistence/open-stores.js';
import { append, at, forgedCampaign, MIN } from '../../support/forged-log.js';
import { catchUp, openProjectionEnv, waitVisible, type ProjectionEnv } from '../projections/support/projection-env.js';

/**
 * Each invariant broken on purpose: events the dialer must never write are appended to a real
 * store, and verify must name the check and the events. A checker that cannot fail proves nothing.
 */
let env: ProjectionEnv;
let stats: StatsSource;

beforeAll(async () => {
  env = await openProjectionEnv();
  stats = statsFromReadModel({ knex: env.knex } as OpenStores);
});
afterAll(async () => {
  await env.close();
});

let serial = 0;
/** Fresh fictional numbers in one area code: 212 is New York (10:00 local at T0). */
const numbers = (n: number, area = '212'): string[] => Array.from({ length: n }, () => `+1${area}555${String(1000 + serial++).padStart(4, '0')}`);

const verify = async (campaignId: string, options: Partial<VerifyOptions> = {}) => {
  await waitVisible(env);
  return verifyLog(env.store, { campaignIds: [campaignId], options });
};
const failing = (report: Awaited<ReturnType<typeof verifyLog>>): CheckId[] => [...new Set(report.violations.map((v) => v.check))].sort();

describe('dialstream verify on a forged log', () => {
  it('passes a clean campaign: cap, schedule, retries first, hours, claims, terminal, stats', async () => {
    const c = await (await forgedCampaign(env.store, { numbers: numbers(3), cap: 2, recipientHours: { start: '08:00', end: '21:00' }, complianceRules: 'builtin' })).create();
    for (const i of [0, 1]) {
      await c.claim(i, 1, at(0));
      await c.dial(i, 1, at(0));
    }
    await c.answer(0, 1, at(MIN));
    await c.complete(0, 1, at(MIN));
    await c.fail(1, 1, at(MIN), at(2 * MIN));
    await c.claim(1, 2, at(3 * MIN));
    await c.dial(1, 2, at(3 * MIN));
    await c.claim(2, 1, at(3 * MIN));
    await c.dial(2, 1, at(3 * MIN));
    await c.complete(1, 2, at(4 * MIN));
    await c.complete(2, 1, at(4 * MIN));
    await c.completeCampaign(3, 0, at(4 * MIN));
    await catchUp(env);

    const report = await verifyLog(env.store, { campaignIds: [c.id], options: { frequencyCap: { limit: 3, windowMs: 86_400_000, source: 'FREQUENCY_CAP' } }, stats });
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.notes).toEqual([]);
    expect(report.recounts[c.id]).toMatchObject({ total: 3, completed: 3, attempts: 4, retriesAttempted: 1 });
  });

  it('names calls in flight over the cap (1)', async () => {
    const c = await (await forgedCampaign(env.store, { numbers: numbers(2), cap: 1 })).create();
    await c.dial(0, 1, at(0));
    await c.dial(1, 1, at(0));
    const report = await verify(c.id);
    expect(failing(report)).toEqual(['cap']);
    const ringing = report.violations.find((v) => v.message.includes('calls in flight'))!;
    expect(ringing.message).toBe('2 calls in flight with the cap at 1');
    expect(ringing.evidence.map((e) => e.stream)).toEqual([`call-${c.calls[0]!.callId}`, `call-${c.calls[1]!.callId}`]);
    expect(ringing.evidence[1]).toMatchObject({ type: 'CallAttempted', version: 1, globalPosition: expect.stringMatching(/^\d+\/\d+$/) });
  });

  it('names an attempt outside the campaign schedule (2)', async () => {
    const schedule = { timezone: 'America/New_York', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '09:00', end: '17:00' }], blackoutDates: [] };
    const c = await (await forgedCampaign(env.store, { numbers: numbers(2), schedule: { ...schedule, windows: schedule.windows.map((w) => ({ ...w, days: [...w.days] })) } })).create();
    await c.dial(0, 1, at(0));
    await c.dial(1, 1, at(-10 * 60 * MIN)); // 00:00 in New York
    const report = await verify(c.id);
    expect(failing(report)).toEqual(['schedule']);
    expect(report.violations[0]!.message).toContain(c.calls[1]!.callId);
  });

  it('names a first attempt dialed while a retry was due (3)', async () => {
    const c = await (await forgedCampaign(env.store, { numbers: numbers(2), cap: 1 })).create();
    await c.dial(0, 1, at(0));
    await c.fail(0, 1, at(MIN), at(2 * MIN));
    await c.dial(1, 1, at(5 * MIN));
    const report = await verify(c.id);
    expect(failing(report)).toEqual(['retry-first']);
    expect(report.violations[0]!.evidence.map((e) => e.type)).toEqual(['DialEnded', 'DialStarted']);
  });

  it('lets a fresh number go first while the retry waits for its recipient (3)', async () => {
    const c = await (await forgedCampaign(env.store, { numbers: numbers(2), cap: 1 })).create();
    await c.dial(0, 1, at(0));
    await c.fail(0, 1, at(MIN), at(2 * MIN));
    const { callId, phoneNumber } = c.calls[0]!;
    await append(env.store, `dialer-${c.id}`, 'DialDeferred', { callId, attempt: 2, phoneNumber, waitingFor: 'recipient_hours', until: at(60 * MIN), recipient: null }, at(3 * MIN));
    await c.dial(1, 1, at(5 * MIN));
    expect(failing(await verify(c.id))).toEqual([]);
  });

  it('names an attempt recorded twice, and a completed campaign with a number never dialed (4)', async () => {
    const c = await (await forgedCampaign(env.store, { numbers: numbers(2) })).create();
    await c.dial(0, 1, at(0));
    await c.attempt(0, 1, at(0));
    await c.complete(0, 1, at(MIN));
    await c.completeCampaign(1, 0, at(MIN));
    const report = await verify(c.id);
    expect(failing(report)).toEqual(['attempt-once', 'terminal']);
    expect(report.violations.find((v) => v.check === 'terminal')!.message).toContain(`${c.calls[1]!.callId} was never dialed`);
  });

  it("names an attempt outside the recipient's hours, and tolerates campaigns from before the rules (8)", async () => {
    const gated = await (await forgedCampaign(env.store, { numbers: numbers(1), recipientHours: { start: '08:00', end: '21:00' }, complianceRules: 'none' })).create();
    await gated.dial(0, 1, at(-9 * 60 * MIN)); // 01:00 in New York
    const report = await verify(gated.id);
    expect(failing(report)).toEqual(['recipient-hours']);
    expect(report.violations[0]!.message).toMatch(/closed by recipient-hours@America\/New_York; local time \w{3} 2026-12-02 01:00:00 -05:00/);

    const old = await (await forgedCampaign(env.store, { numbers: numbers(1) })).create();
    await old.dial(0, 1, at(-9 * 60 * MIN));
    expect(failing(await verify(old.id))).toEqual([]);
  });

  it('names a claim and a dial after a do-not-call entry, not after its removal (9)', async () => {
    const c = await (await forgedCampaign(env.store, { numbers: numbers(3), cap: 3 })).create();
    const listed = (i: number) => append(env.store, `number-${c.calls[i]!.phoneNumber}`, 'NumberAddedToDoNotCall', { phoneNumber: c.calls[i]!.phoneNumber, reason: 'asked', source: 'api', expiresAt: null, callId: null }, at(-MIN));
    await listed(0);
    await c.claim(0, 1, at(0));
    await c.dial(0, 1, at(0));
    await listed(1);
    await c.dial(1, 1, at(0)); // no claim at all
    await listed(2);
    await append(env.store, `number-${c.calls[2]!.phoneNumber}`, 'NumberRemovedFromDoNotCall', { phoneNumber: c.calls[2]!.phoneNumber }, at(-MIN));
    await c.claim(2, 1, at(MIN));
    await c.dial(2, 1, at(MIN));
    const report = await verify(c.id);
    expect(failing(report)).toEqual(['do-not-call']);
    expect(report.violations.map((v) => v.evidence.map((e) => e.type))).toEqual([
      ['NumberAddedToDoNotCall', 'NumberDialClaimed'],
      ['NumberAddedToDoNotCall', 'CallAttempted'],
    ]);
  });

  it("names claims over a state's frequency cap and over FREQUENCY_CAP (10)", async () => {
    const [florida] = numbers(1, '305');
    const c = await (await forgedCampaign(env.store, { numbers: [florida!], complianceRules: 'builtin', recipientHours: null, subject: `renewals-${serial}` })).create();
    for (const [attempt, offset] of [[1, 0], [2, 60], [3, 120], [4, 180]] as const) await c.claim(0, attempt, at(offset * MIN));
    const report = await verify(c.id);
    expect(failing(report)).toEqual(['frequency-cap']);
    expect(report.violations[0]!.message).toMatch(/claimed 4 times on subject "renewals-\d+" within 24 h, over the cap of 3 \(fl-frequency\)/);
    expect(report.violations[0]!.evidence).toHaveLength(4);

    const org = await (await forgedCampaign(env.store, { numbers: numbers(1) })).create();
    await org.claim(0, 1, at(0));
    await org.claim(0, 2, at(MIN));
    expect(failing(await verify(org.id, { frequencyCap: { limit: 1, windowMs: 3_600_000, source: 'FREQUENCY_CAP' } }))).toEqual(['frequency-cap']);
    expect(failing(await verify(org.id, { frequencyCap: { limit: 2, windowMs: 3_600_000, source: 'FREQUENCY_CAP' } }))).toEqual([]);
  });

  it('counts an attempt that claimed again after a wait once, at its latest claim (10)', async () => {
    const HOUR = 60 * MIN;
    const cap = { frequencyCap: { limit: 1, windowMs: 12 * HOUR, source: 'FREQUENCY_CAP' } };
    const [phoneNumber] = numbers(1);
    const subject = `renewals-${serial}`;
    const a = await (await forgedCampaign(env.store, { numbers: [phoneNumber!], subject })).create();
    const b = await (await forgedCampaign(env.store, { numbers: [phoneNumber!], subject })).create();
    // A claims, finds no token, waits; its window closes; it claims again and dials 11 h later.
    await a.claim(0, 1, at(0));
    await a.claim(0, 1, at(11 * HOUR));
    await a.attempt(0, 1, at(11 * HOUR));
    await waitVisible(env);
    const both = () => verifyLog(env.store, { campaignIds: [a.id, b.id], options: cap });
    expect(failing(await both())).toEqual([]);
    // B of the same subject one hour after A's real dial: over the cap, though 12 h after A's first claim.
    await b.claim(0, 1, at(12 * HOUR));
    await waitVisible(env);
    const report = await both();
    expect(failing(report)).toEqual(['frequency-cap']);
    expect(report.violations[0]!.evidence.map((e) => e.recordedAt)).toEqual([at(11 * HOUR), at(12 * HOUR)]);
  });

  it('names calls over the global cap and dial requests over the global rate (11)', async () => {
    // Across every campaign: a database of its own, so the other tests' calls do not count.
    const own = await openProjectionEnv();
    try {
      const a = await (await forgedCampaign(own.store, { numbers: numbers(1) })).create();
      const b = await (await forgedCampaign(own.store, { numbers: numbers(2), cap: 2 })).create();
      await a.dial(0, 1, at(0));
      await b.dial(0, 1, at(100));
      await b.dial(1, 1, at(200));
      await waitVisible(own);
      const check = (options: Partial<VerifyOptions>) => verifyLog(own.store, { campaignIds: [b.id], options });
      const capped = await check({ globalCap: 2 });
      expect(failing(capped)).toEqual(['global-pacing']);
      expect(capped.violations.map((v) => v.message)).toEqual(['3 calls in flight across every campaign, over MAX_CONCURRENT_CALLS=2']);
      const paced = await check({ maxCallsPerSecond: 2 });
      expect(failing(paced)).toEqual(['dial-rate']);
      expect(paced.violations.map((v) => v.message)).toEqual(['3 dial requests within 800 ms, over MAX_CALLS_PER_SECOND=2']);
      expect(failing(await check({ globalCap: 3, maxCallsPerSecond: 3 }))).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('holds dial requests to the budget they recorded: tokens a window apart pass despite stamping jitter, a burst is named (11)', async () => {
    const own = await openProjectionEnv();
    try {
      const rate = { count: 2, windowMs: 1_000 };
      const campaign = await (await forgedCampaign(own.store, { numbers: numbers(9), cap: 9 })).create();
      const request = async (i: number, offsetMs: number) => {
        const { callId, phoneNumber } = campaign.calls[i]!;
        await append(own.store, `dialer-${campaign.id}`, 'DialStarted', { callId, attempt: 1, phoneNumber }, at(offsetMs));
        await append(own.store, `call-${callId}`, 'CallScheduled', { callId, campaignId: campaign.id, phoneNumber }, at(offsetMs));
        await append(own.store, `call-${callId}`, 'CallAttempted', { attempt: 1, rate }, at(offsetMs));
      };
      // Two slots, each taken again a window after its last token; each stamp trails its token by
      // up to 150 ms, so consecutive stamps on one slot can be as close as 850 ms.
      for (const [i, offsetMs] of [0, 10, 1_150, 1_010, 2_005, 2_160].entries()) await request(i, offsetMs);
      await waitVisible(own);
      const check = (options: Partial<VerifyOptions> = {}) => verifyLog(own.store, { campaignIds: [campaign.id], options });
      expect((await check()).violations).toEqual([]);
      expect((await check({ maxCallsPerSecond: 2 })).violations).toEqual([]);
      // Without the tolerance the same stamps read as a burst: the window is what makes it sound.
      expect(failing(await check({ rateToleranceMs: 0 }))).toEqual(['dial-rate']);
      // A real burst: three requests within half a second, against the recorded budget alone.
      for (const [i, offsetMs] of [4_000, 4_200, 4_400].entries()) await request(6 + i, offsetMs);
      await waitVisible(own);
      const burst = await check();
      expect(failing(burst)).toEqual(['dial-rate']);
      expect(burst.violations.map((v) => v.message)).toEqual(['3 dial requests within 800 ms, over the recorded budget of 2 per 1000 ms']);
      expect(burst.violations[0]!.evidence.map((e) => e.type)).toEqual(['CallAttempted', 'CallAttempted', 'CallAttempted']);
    } finally {
      await own.close();
    }
  });

  it('names a global slot ledger over the cap and an attempt recorded without its grant (11)', async () => {
    const own = await openProjectionEnv();
    try {
      const a = await (await forgedCampaign(own.store, { numbers: numbers(2), cap: 2 })).create();
      const slot = (i: number) => ({ callId: a.calls[i]!.callId, attempt: 1 });
      const grant = (i: number, ms: number) =>
        append(own.store, 'pacing-global', 'GlobalSlotGranted', { campaignId: a.id, ...slot(i), weight: 1, decision: { inFlight: i, cap: 2, share: 2, active: 1 } }, at(ms));
      await grant(0, 0);
      await a.dial(0, 1, at(10));
      await a.complete(0, 1, at(20));
      await append(own.store, 'pacing-global', 'GlobalSlotsReleased', { slots: [slot(0)] }, at(30));
      // Attempt 1 of the second call with no grant open: the ledger was bypassed.
      await a.dial(1, 1, at(40));
      await waitVisible(own);
      const check = (options: Partial<VerifyOptions>) => verifyLog(own.store, { campaignIds: [a.id], options });
      const bypassed = await check({ globalCap: 2 });
      expect(failing(bypassed)).toEqual(['global-pacing']);
      expect(bypassed.violations.map((v) => v.message)).toEqual([`call ${slot(1).callId} attempt 1 was recorded without an open global slot grant`]);
      await grant(1, 50);
      await grant(0, 60);
      await waitVisible(own);
      // Two grants open under a cap of 1 (the verifier's), though each recorded the cap of 2 it was decided under.
      const over = await check({ globalCap: 1 });
      expect(over.violations.map((v) => v.message)).toContain('2 global slots granted and not released, over MAX_CONCURRENT_CALLS=1');
      // Without a cap configured, each grant is held to the cap it recorded: 2 open under 2 is fine.
      expect(failing(await check({}))).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('names an answered attempt recorded as a timeout and re-dialed (12)', async () => {
    const c = await (await forgedCampaign(env.store, { numbers: numbers(1) })).create();
    await c.dial(0, 1, at(0));
    await c.answer(0, 1, at(MIN / 2));
    await append(env.store, `call-${c.calls[0]!.callId}`, 'CallFailed', { attempt: 1, outcome: 'timeout', providerCallId: null, willRetry: true }, at(MIN));
    await append(env.store, `dialer-${c.id}`, 'DialEnded', { callId: c.calls[0]!.callId, attempt: 1, outcome: 'timeout', retryDueAt: at(2 * MIN), terminal: false }, at(MIN));
    await c.dial(0, 2, at(2 * MIN));
    const report = await verify(c.id);
    expect(failing(report)).toEqual(['answered']);
    expect(report.violations.map((v) => v.message)).toEqual([
      `call ${c.calls[0]!.callId} attempt 1 was answered, then recorded as timeout`,
      `call ${c.calls[0]!.callId} was answered on attempt 1 and dialed again (attempt 2)`,
    ]);
  });

  it('names stats in the read model that differ from a recount of the log (5)', async () => {
    const c = await (await forgedCampaign(env.store, { numbers: numbers(2) })).create();
    await c.dial(0, 1, at(0));
    await c.complete(0, 1, at(MIN));
    await catchUp(env);
    expect((await verifyLog(env.store, { campaignIds: [c.id], stats })).ok).toBe(true);
    await env.knex('campaign_stats').where({ campaign_id: c.id }).increment('completed', 1);
    const report = await verifyLog(env.store, { campaignIds: [c.id], stats });
    expect(failing(report)).toEqual(['stats']);
    expect(report.violations[0]!.message).toContain('completed: read model 2, log 1');
  });
});
