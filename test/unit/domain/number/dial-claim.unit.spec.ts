import { DialRefusedError, numberDecider } from '../../../../src/domain/number/number.decider.js';
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
