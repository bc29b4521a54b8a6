import { parseFrequencyCap } from '../../../../src/domain/number/frequency-cap.js';

describe('parseFrequencyCap', () => {
  it.each([
    ['3/24h', { limit: 3, windowMs: 86_400_000 }],
    ['1 / 7d', { limit: 1, windowMs: 604_800_000 }],
    ['10/30m', { limit: 10, windowMs: 1_800_000 }],
    ['5/90s', { limit: 5, windowMs: 90_000 }],
  ])('reads %s', (text, expected) => {
    expect(parseFrequencyCap(text, 'FREQUENCY_CAP')).toEqual({ ok: true, cap: { ...expected, source: 'FREQUENCY_CAP' } });
  });

  it.each(['', 'off', 'OFF'])('reads %j as no cap', (text) => {
    expect(parseFrequencyCap(text, 'FREQUENCY_CAP')).toEqual({ ok: true, cap: null });
  });

  it.each(['3', '3/24', '0/24h', '3/24w', '3/32d', '-1/1h', 'three/24h'])('rejects %j', (text) => {
    expect(parseFrequencyCap(text, 'FREQUENCY_CAP')).toMatchObject({ ok: false });
  });
});
