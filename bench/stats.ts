/** A figure with its unit, as stored in results.json. */
export interface Quantity {
  value: number;
  unit: string;
}

export const q = (value: number, unit: string, digits = 3): Quantity => ({ value: round(value, digits), unit });

export const round = (value: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Nearest-rank percentile (p in 0..100) of an already sorted sample. */
export const percentileSorted = (sorted: ArrayLike<number>, p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
};

export const sortedCopy = (values: ArrayLike<number>): Float64Array => Float64Array.from(values).sort();

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export const summarize = (values: ArrayLike<number>): Summary => {
  const sorted = sortedCopy(values);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentileSorted(sorted, 50),
    p90: percentileSorted(sorted, 90),
    p99: percentileSorted(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
};

/** Every number of a summary as a Quantity in the given unit. */
export const summaryWithUnit = (s: Summary, unit: string, digits = 3): Record<keyof Summary, Quantity | number> => ({
  n: s.n,
  min: q(s.min, unit, digits),
  p50: q(s.p50, unit, digits),
  p90: q(s.p90, unit, digits),
  p99: q(s.p99, unit, digits),
  max: q(s.max, unit, digits),
  mean: q(s.mean, unit, digits),
});
