/**
 * US ZIP Code prefix (first three digits) → state, from the USPS assignment of 3-digit ZIP prefixes
 * to sectional center facilities (USPS Publication 65 / the National Five-Digit ZIP Code and Post
 * Office Directory; summarised in "List of ZIP Code prefixes"). Military prefixes (090–099,
 * 340, 962–966) and unassigned ones resolve to no state. Ranges are inclusive.
 */
const ZIP3_RANGES: ReadonlyArray<readonly [number, number, string]> = [
  [5, 5, 'NY'], [6, 7, 'PR'], [8, 8, 'VI'], [9, 9, 'PR'],
  [10, 27, 'MA'], [28, 29, 'RI'], [30, 38, 'NH'], [39, 49, 'ME'],
  [50, 54, 'VT'], [55, 55, 'MA'], [56, 59, 'VT'], [60, 69, 'CT'], [70, 89, 'NJ'],
  [100, 149, 'NY'], [150, 196, 'PA'], [197, 199, 'DE'],
  [200, 200, 'DC'], [201, 201, 'VA'], [202, 205, 'DC'], [206, 219, 'MD'], [220, 246, 'VA'],
  [247, 268, 'WV'], [270, 289, 'NC'], [290, 299, 'SC'], [300, 319, 'GA'],
  [320, 339, 'FL'], [341, 349, 'FL'], [350, 369, 'AL'], [370, 385, 'TN'], [386, 397, 'MS'],
  [398, 399, 'GA'], [400, 427, 'KY'], [430, 459, 'OH'], [460, 479, 'IN'], [480, 499, 'MI'],
  [500, 528, 'IA'], [530, 549, 'WI'], [550, 567, 'MN'], [569, 569, 'DC'], [570, 577, 'SD'],
  [580, 588, 'ND'], [590, 599, 'MT'], [600, 629, 'IL'], [630, 658, 'MO'], [660, 679, 'KS'],
  [680, 693, 'NE'], [700, 714, 'LA'], [716, 729, 'AR'], [730, 732, 'OK'], [733, 733, 'TX'],
  [734, 749, 'OK'], [750, 799, 'TX'], [800, 816, 'CO'], [820, 831, 'WY'], [832, 838, 'ID'],
  [840, 847, 'UT'], [850, 865, 'AZ'], [870, 884, 'NM'], [885, 885, 'TX'], [889, 898, 'NV'],
  [900, 961, 'CA'], [967, 968, 'HI'], [969, 969, 'GU'], [970, 979, 'OR'], [980, 994, 'WA'],
  [995, 999, 'AK'],
];

const ZIP3_STATE = new Map<string, string>(
  ZIP3_RANGES.flatMap(([from, to, state]) =>
    Array.from({ length: to - from + 1 }, (_, i) => [String(from + i).padStart(3, '0'), state] as const),
  ),
);

const ZIP = /^(\d{3})\d{2}(?:-?\d{4})?$/;

export const isZip = (zip: string): boolean => ZIP.test(zip);

/** The state of a 5-digit (or ZIP+4) US ZIP Code, or null when the prefix is military or unassigned. */
export function stateOfZip(zip: string): string | null {
  const prefix = ZIP.exec(zip.trim())?.[1];
  return prefix === undefined ? null : (ZIP3_STATE.get(prefix) ?? null);
}
