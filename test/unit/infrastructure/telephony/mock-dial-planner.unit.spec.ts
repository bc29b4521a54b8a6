import { planDial, type DialPlanOptions } from '../../../../src/infrastructure/telephony/mock-dial-planner.js';

const options = (overrides: Partial<DialPlanOptions> = {}): DialPlanOptions => ({
  minDurationMs: 100,
  maxDurationMs: 900,
  failureRate: 0.1,
  seed: 42,
  ...overrides,
});

/** `+1 NXX 555-01XX` with a few area codes, so no rule depends on one. */
const fictional = (xx: number, area = '415') => `+1${area}55501${String(xx).padStart(2, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const outcomeOf = (number: string, attempt: number, o = options()) => {
  const plan = planDial(o, number, attempt);
  return plan.kind === 'callback' ? plan.status : plan.kind;
};

describe('mock provider: deterministic numbers, whatever the failure rate', () => {
  const rates = [0, 0.5, 1];

  it.each([
    ['0100-0119 answer', range(0, 19), [1, 2, 3], 'completed'],
    ['0120-0139 are busy', range(20, 39), [1, 2, 3], 'busy'],
    ['0140-0159 do not answer', range(40, 59), [1, 2, 3], 'no_answer'],
    ['0160-0179 are busy first', range(60, 79), [1], 'busy'],
    ['0160-0179 answer later', range(60, 79), [2, 3, 4], 'completed'],
    ['0180-0189 never call back', range(80, 89), [1, 2], 'lost'],
    ['0190-0199 are rejected', range(90, 99), [1, 2], 'rejected'],
  ])('%s', (_what, suffixes, attempts, expected) => {
    for (const failureRate of rates)
      for (const area of ['212', '415', '907'])
        for (const xx of suffixes)
          for (const attempt of attempts) {
            expect([fictional(xx, area), attempt, outcomeOf(fictional(xx, area), attempt, options({ failureRate }))]).toEqual([
              fictional(xx, area),
              attempt,
              expected,
            ]);
          }
  });

  it('treats look-alikes outside +1 NXX 555-01XX as ordinary numbers', () => {
    // With failureRate 1 every ordinary number fails, so "completed" would prove a table match.
    const always = options({ failureRate: 1 });
    for (const number of ['+14155550220', '+14155550099', '+14155550100' + '1', '+441555501000', '+1415555010', '+14155560100']) {
      expect([number, outcomeOf(number, 1, always)]).not.toEqual([number, 'completed']);
    }
    expect(outcomeOf('+14155550100', 1, always)).toBe('completed');
  });

  it('answers 0200–0219 and reports that the person opted out', () => {
    for (const xx of range(200, 219)) {
      expect(planDial(options({ failureRate: 1 }), `+1415555${String(xx).padStart(4, '0')}`, 1)).toMatchObject({
        kind: 'callback',
        status: 'completed',
        optOut: true,
      });
    }
  });

  it('gives every number a duration within [min, max], the same for a repeated plan', () => {
    for (const xx of range(0, 99)) {
      const plan = planDial(options(), fictional(xx), 1);
      expect(plan.durationMs).toBeGreaterThanOrEqual(100);
      expect(plan.durationMs).toBeLessThanOrEqual(900);
      expect(planDial(options(), fictional(xx), 1).durationMs).toBe(plan.durationMs);
    }
    expect(planDial(options({ minDurationMs: 0, maxDurationMs: 0 }), fictional(0), 1).durationMs).toBe(0);
  });
});

describe('mock provider: ordinary numbers', () => {
  const ordinary = range(0, 1999).map((i) => `+4420718${String(i).padStart(5, '0')}`);

  it('fails about failureRate of them, split between busy and no_answer', () => {
    const outcomes = ordinary.map((n) => outcomeOf(n, 1, options({ failureRate: 0.3 })));
    const count = (o: string) => outcomes.filter((x) => x === o).length;
    // 2000 draws at p = 0.3: the standard deviation is about 20, so ±100 is a five-sigma band.
    expect(count('busy') + count('no_answer')).toBeGreaterThan(500);
    expect(count('busy') + count('no_answer')).toBeLessThan(700);
    expect(count('busy')).toBeGreaterThan(200);
    expect(count('no_answer')).toBeGreaterThan(200);
    expect(count('completed')).toBe(2000 - count('busy') - count('no_answer'));
  });

  it('answers all of them at rate 0 and none at rate 1', () => {
    expect(ordinary.every((n) => outcomeOf(n, 1, options({ failureRate: 0 })) === 'completed')).toBe(true);
    expect(ordinary.some((n) => outcomeOf(n, 1, options({ failureRate: 1 })) === 'completed')).toBe(false);
  });

  it('repeats outcomes and durations for a seed, whatever order the dials come in', () => {
    const o = options({ failureRate: 0.5, seed: 7 });
    const forward = ordinary.map((n) => planDial(o, n, 1));
    const backward = [...ordinary].reverse().map((n) => planDial(o, n, 1)).reverse();
    expect(backward).toEqual(forward);
  });

  it('draws differently for another seed and for another attempt of the same number', () => {
    const o = options({ failureRate: 0.5 });
    const plans = (seed: number, attempt: number) => ordinary.map((n) => planDial({ ...o, seed }, n, attempt));
    expect(plans(1, 1)).not.toEqual(plans(2, 1));
    expect(plans(1, 1)).not.toEqual(plans(1, 2));
  });
});
