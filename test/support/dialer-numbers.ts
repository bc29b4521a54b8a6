import { normalizePhoneNumber } from '../../src/domain/phone/phone-number.js';

/** Valid North American area codes: each gives 100 fictional numbers +1 NXX 555-01XX. */
const AREA_CODES = [
  201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228, 229, 231, 234, 239,
  240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 276, 281, 301, 302, 303, 304, 305, 307, 308, 309, 310, 312,
  313, 314, 315, 316, 317, 318, 319, 320, 321, 323, 325, 330, 334, 336, 337, 339, 347, 351, 352, 360, 361, 386, 401, 402,
  404, 405, 406, 407, 408, 409, 410, 412, 413, 414, 415, 417, 419, 423, 424, 425, 430, 432, 434, 435, 440, 443, 458, 469,
];

/** DESIGN §4's deterministic ranges of the mock provider (last two digits of 555-01XX). */
export const MOCK_RANGES = {
  answered: [0, 19],
  busyAlways: [20, 39],
  noAnswerAlways: [40, 59],
  busyThenAnswered: [60, 79],
  lostCallback: [80, 89],
  rejected: [90, 99],
} as const satisfies Record<string, readonly [number, number]>;

export type MockBehaviour = keyof typeof MOCK_RANGES;

/**
 * `count` distinct valid numbers that the mock provider treats as `behaviour`, skipping `used`
 * (numbers must be unique within a campaign).
 */
export const mockNumbers = (behaviour: MockBehaviour, count: number, used: Set<string> = new Set()): string[] => {
  const [from, to] = MOCK_RANGES[behaviour];
  const numbers: string[] = [];
  for (const area of AREA_CODES) {
    for (let xx = from; xx <= to && numbers.length < count; xx += 1) {
      const candidate = `+1${area}55501${String(xx).padStart(2, '0')}`;
      if (used.has(candidate) || !normalizePhoneNumber(candidate).ok) continue;
      used.add(candidate);
      numbers.push(candidate);
    }
    if (numbers.length === count) return numbers;
  }
  throw new RangeError(`only ${numbers.length} ${behaviour} numbers available`);
};

/** Answered, busy-then-answered and no-answer-always numbers: first attempts, retries and final failures. */
export const mixedNumbers = (count: number): string[] => {
  const used = new Set<string>();
  const retried = Math.floor(count / 4);
  const failing = Math.floor(count / 6);
  return [
    ...mockNumbers('answered', count - retried - failing, used),
    ...mockNumbers('busyThenAnswered', retried, used),
    ...mockNumbers('noAnswerAlways', failing, used),
  ];
};
