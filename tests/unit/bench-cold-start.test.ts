import { describe, expect, it } from 'vitest';
import { pairedRatio, pairedRatioInterval } from '../../bench/cold-start.ts';

describe('bench cold-start paired ratio', () => {
  it('is the median of both ratios of every sample', () => {
    // five samples, each over the bare sample before and after it
    const pairs: [number, number][] = [
      [1.1, 1.3],
      [1.2, 1.2],
      [0.9, 1.0],
      [1.15, 1.25],
      [1.4, 1.6],
    ];
    // sorted: 0.9 1.0 1.1 1.15 1.2 1.2 1.25 1.3 1.4 1.6 → nearest-rank p50 is the 5th
    expect(pairedRatio(pairs)).toBe(1.2);
  });

  it('gives a reproducible interval around it that narrows with more samples', () => {
    const sample = (n: number) =>
      Array.from({ length: n }, (_, i): [number, number] => [1.1 + ((i * 7) % 10) / 50, 1.1 + ((i * 3) % 10) / 50]);
    const [lo, hi] = pairedRatioInterval(sample(10));
    expect(lo).toBeLessThanOrEqual(pairedRatio(sample(10)));
    expect(hi).toBeGreaterThanOrEqual(pairedRatio(sample(10)));
    expect(pairedRatioInterval(sample(10))).toEqual([lo, hi]);
    const [lo40, hi40] = pairedRatioInterval(sample(40));
    expect(hi40 - lo40).toBeLessThanOrEqual(hi - lo);
  });
});
