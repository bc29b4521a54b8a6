/**
 * Quantile estimate from a Prometheus histogram in /metrics text (linear inside a bucket, as
 * histogram_quantile does), over the difference between two scrapes so earlier runs in this
 * process do not count.
 */
export const histogramQuantiles = (before: string, after: string, name: string, quantiles: readonly number[]) => {
  const buckets = (text: string) => {
    const map = new Map<number, number>();
    const pattern = new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\} (\\S+)$`, 'gm');
    for (const match of text.matchAll(pattern)) map.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
    return map;
  };
  const b0 = buckets(before);
  const b1 = [...buckets(after)].map(([le, n]) => [le, n - (b0.get(le) ?? 0)] as const).sort((a, b) => a[0] - b[0]);
  const total = b1.at(-1)?.[1] ?? 0;
  // Above the top finite bucket a histogram only knows "more than": say so rather than guess.
  const estimate = (q: number): { ms: number; aboveTopBucket: boolean } => {
    if (total === 0) return { ms: Number.NaN, aboveTopBucket: false };
    const rank = q * total;
    let previousLe = 0;
    let previousCount = 0;
    for (const [le, count] of b1) {
      if (count >= rank) {
        if (le === Infinity) return { ms: previousLe * 1000, aboveTopBucket: true };
        return { ms: (previousLe + ((le - previousLe) * (rank - previousCount)) / Math.max(1, count - previousCount)) * 1000, aboveTopBucket: false };
      }
      previousLe = le;
      previousCount = count;
    }
    return { ms: previousLe * 1000, aboveTopBucket: true };
  };
  return { count: total, buckets: b1.map(([le, n]) => [String(le), n]), quantiles: Object.fromEntries(quantiles.map((q) => [`p${q * 100}`, estimate(q)])) };
};
