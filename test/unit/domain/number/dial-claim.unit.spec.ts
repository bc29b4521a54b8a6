import { DialRefusedError, numberDecider } from '../../../../src/domain/number/number.decider.js';
import { addMilliseconds } from '../../../../src/domain/shared/instant.js';
import { deciderSpec } from '../../../support/given-when-then.js';
import { at, CAP_3_PER_24H, claimCommand, claimed, HOUR, listed, removed } from './number.fixtures.js';

const { given, fold } = deciderSpec(numberDecider);

/** The refusal a claim meets on this history, or null when it may dial. */
const refusalOf = (history: Parameters<typeof given>[0], command = claimCommand()) => {
  try {
    numberDecider.decide(command, fold(history));
    return null;
  } catch (error) {
    if (error instanceof DialRefusedError) return error.refusal;
    throw error;
  }
};

/** `n` claims of the same subject, an hour apart from `at(0)`, each by its own call. */
const claimsEveryHour = (n: number, overrides = {}) =>
  Array.from({ length: n }, (_, i) => claimed(claimCommand({ callId: `call-${i}`, now: at(i), ...overrides })));

describe('number decider: ClaimDial and the do-not-call list (invariant 9)', () => {
  it('claims an unlisted number for this attempt', () => {
    const command = claimCommand();
    given([]).when(command).then([claimed(command)]);
  });

  it('refuses a listed number as dnc, saying when the entry expires', () => {
    expect(refusalOf([listed()])).toEqual({ refused: 'dnc', nextAllowedAt: null });
    expect(refusalOf([listed({ expiresAt: at(48) })])).toEqual({ refused: 'dnc', nextAllowedAt: at(48) });
  });

  it('refuses a number whose person opted out as opted_out', () => {
    expect(refusalOf([listed({ source: 'opt_out', callId: 'call-0' })])).toEqual({ refused: 'opted_out', nextAllowedAt: null });
  });

  it('allows the number again from the instant its entry expires', () => {
    const history = [listed({ expiresAt: at(2) })];
    expect(refusalOf(history, claimCommand({ now: at(1.99) }))).toMatchObject({ refused: 'dnc' });
    const command = claimCommand({ now: at(2) });
    given(history).when(command).then([claimed(command)]);
  });

  it('allows the number again once it was removed', () => {
    const command = claimCommand();
    given([listed(), removed]).when(command).then([claimed(command)]);
  });

  it('is a no-op when the same attempt claims again, but refuses it once the number was listed since', () => {
    const command = claimCommand();
    given([claimed(command)]).when(command).thenNothing();
    expect(refusalOf([claimed(command), listed()], command)).toMatchObject({ refused: 'dnc' });
  });

  it('refuses a claim whose attempt or caps are malformed', () => {
    given([]).when(claimCommand({ attempt: 0 })).thenThrows(Error, 'attempt');
    given([]).when(claimCommand({ caps: [{ limit: 0, windowMs: HOUR, source: 'bad' }] })).thenThrows(Error, 'caps.bad');
  });
});

describe('number decider: ClaimDial and frequency caps (invariant 10)', () => {
  it('refuses the 4th attempt in 24 h under 3/24h, until the first claim leaves the window', () => {
    const history = claimsEveryHour(3);
    const fourth = claimCommand({ callId: 'call-3', now: at(3) });
    expect(refusalOf(history, fourth)).toEqual({ refused: 'frequency_cap', nextAllowedAt: at(24), cap: CAP_3_PER_24H });
    expect(refusalOf(history, { ...fourth, now: at(23.99) })).toMatchObject({ refused: 'frequency_cap' });
    const atRelease = { ...fourth, now: at(24) };
    given(history).when(atRelease).then([claimed(atRelease)]);
  });

  it('counts retries of one call and calls of other campaigns of the same subject alike', () => {
    const history = [
      claimed(claimCommand({ callId: 'call-1', attempt: 1, now: at(0) })),
      claimed(claimCommand({ callId: 'call-1', attempt: 2, now: at(1) })),
      claimed(claimCommand({ campaignId: 'campaign-b', callId: 'call-2', now: at(2) })),
    ];
    expect(refusalOf(history, claimCommand({ campaignId: null, callId: 'call-9', now: at(3) }))).toMatchObject({
      refused: 'frequency_cap',
      nextAllowedAt: at(24),
    });
  });

  it('counts each subject on its own', () => {
    const other = claimCommand({ subject: 'collections', callId: 'call-x', now: at(3) });
    given(claimsEveryHour(3)).when(other).then([claimed(other)]);
  });

  it('applies every cap given and names the one that binds longest', () => {
    const weekly = { limit: 4, windowMs: 7 * 24 * HOUR, source: 'us-fl' };
    const history = claimsEveryHour(4, { now: undefined }).map((e, i) => ({ ...e, data: { ...e.data, at: at(i * 25) } }));
    const command = claimCommand({ callId: 'call-new', now: at(100), caps: [CAP_3_PER_24H, weekly] });
    expect(refusalOf(history, command)).toEqual({ refused: 'frequency_cap', nextAllowedAt: at(7 * 24), cap: weekly });
  });

  it('dials without limit when no cap applies', () => {
    const command = claimCommand({ callId: 'call-new', now: at(3), caps: [] });
    given(claimsEveryHour(10)).when(command).then([claimed(command)]);
  });

  it('forgets claims older than the longest window a cap may have, keeping the state small', () => {
    const state = fold([...claimsEveryHour(3), claimed(claimCommand({ callId: 'late', now: at(32 * 24) }))]);
    expect(state.claims.map((c) => c.callId)).toEqual(['late']);
  });
});

describe('number decider: an attempt that claims again later (invariant 10)', () => {
  const CAP_1_PER_12H = { limit: 1, windowMs: 12 * HOUR, source: 'FREQUENCY_CAP' };
  const first = claimCommand({ callId: 'call-a', caps: [CAP_1_PER_12H], now: at(0) });

  it('is a no-op only for the same request: the same instant, or one behind it', () => {
    given([claimed(first)]).when(first).thenNothing();
    given([claimed(first)]).when({ ...first, now: at(-0.001) }).thenNothing();
  });

  it('records a later claim of the same attempt at its own instant (it waited, then dialed hours later)', () => {
    const later = { ...first, now: at(11) };
    given([claimed(first)]).when(later).then([claimed(later)]);
    // Even a millisecond later: any tolerance would let two dials land that much inside the window.
    const soon = { ...first, now: addMilliseconds(at(0), 1) };
    given([claimed(first)]).when(soon).then([claimed(soon)]);
  });

  it('counts the attempt from its latest claim: another campaign of the subject waits 12 h from the real dial', () => {
    const history = [claimed(first), claimed({ ...first, now: at(11) })];
    const other = claimCommand({ campaignId: 'campaign-b', callId: 'call-b', caps: [CAP_1_PER_12H], now: at(12) });
    expect(refusalOf(history, other)).toEqual({ refused: 'frequency_cap', nextAllowedAt: at(23), cap: CAP_1_PER_12H });
    const afterRelease = { ...other, now: at(23) };
    given(history).when(afterRelease).then([claimed(afterRelease)]);
  });

  it('checks a later claim against the caps, not counting its own earlier claim', () => {
    const other = claimed(claimCommand({ campaignId: 'campaign-b', callId: 'call-b', caps: [CAP_1_PER_12H], now: at(0.5) }));
    // call-a claimed at 0, waited; call-b of another subject-mate claimed meanwhile: call-a may not go now.
    const history = [claimed(first), other];
    expect(refusalOf(history, { ...first, now: at(11) })).toEqual({ refused: 'frequency_cap', nextAllowedAt: at(12.5), cap: CAP_1_PER_12H });
    // Alone, its own earlier claim does not hold it back.
    given([claimed(first)]).when({ ...first, now: at(1) }).then([claimed({ ...first, now: at(1) })]);
  });

  it('keeps only the latest claim of each attempt in the state', () => {
    const state = fold([claimed(first), claimed({ ...first, now: at(11) }), claimed({ ...first, attempt: 2, now: at(12) })]);
    expect(state.claims.map((c) => [c.attempt, c.at])).toEqual([
      [1, at(11)],
      [2, at(12)],
    ]);
  });
});
