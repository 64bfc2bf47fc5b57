import { describe, expect, it } from 'vitest';
import { fitLogistic, solveSpd, standardiser } from './logistic.ts';
import { ratesAt, rocAuc, thresholdForPrecision } from './metrics.ts';
import { seededRandom } from './random.ts';

describe('fitLogistic', () => {
  it('recovers the weights of data drawn from a known logistic model', () => {
    const rng = seededRandom(42);
    const truth = { intercept: -1, weights: [2, -1.5] };
    const rows: Float64Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const x = Float64Array.of(rng.normal(), rng.normal());
      const z = truth.intercept + truth.weights[0]! * x[0]! + truth.weights[1]! * x[1]!;
      rows.push(x);
      labels.push(rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    }
    const fit = fitLogistic(rows, labels, 2, { l2: 0, maxIterations: 50, tolerance: 1e-12 });
    // Undo the standardisation to compare with the generating weights.
    const raw = fit.coefficients.map((c, j) => c / fit.scale[j]!);

    expect(fit.converged).toBe(true);
    expect(raw[0]).toBeCloseTo(2, 1);
    expect(raw[1]).toBeCloseTo(-1.5, 1);
    expect(fit.intercept - fit.coefficients.reduce((sum, c, j) => sum + (c * fit.mean[j]!) / fit.scale[j]!, 0)).toBeCloseTo(-1, 1);
  });
});

describe('linear algebra and scaling', () => {
  it('solves a symmetric positive-definite system', () => {
    const x = solveSpd(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 5), 2);

    expect(Array.from(x).map((v) => Number(v.toFixed(12)))).toEqual([-0.5, 2]);
  });

  it('gives a constant column scale 1 instead of dividing by zero', () => {
    expect(standardiser([Float64Array.of(1, 5), Float64Array.of(3, 5)], 2)).toEqual({ mean: [2, 5], scale: [1, 1] });
  });
});

describe('metrics', () => {
  it.each([
    ['perfect ranking', [0.1, 0.2, 0.8, 0.9], [false, false, true, true], 1],
    ['inverted ranking', [0.9, 0.8, 0.2, 0.1], [false, false, true, true], 0],
    ['all tied', [0.5, 0.5, 0.5, 0.5], [false, true, false, true], 0.5],
    ['one swap of four pairs', [0.1, 0.6, 0.5, 0.9], [false, false, true, true], 0.75],
  ])('AUC of %s', (_case, scores, labels, auc) => {
    expect(rocAuc(scores, labels)).toBe(auc);
  });

  it('computes precision, recall and the flagged share at a threshold', () => {
    expect(ratesAt([0.1, 0.6, 0.5, 0.9], [false, false, true, true], 0.5)).toEqual({
      threshold: 0.5,
      precision: 2 / 3,
      recall: 1,
      flaggedShare: 0.75,
    });
    expect(thresholdForPrecision([0.1, 0.6, 0.5, 0.9], [false, false, true, true], 0.9)).toBe(0.61);
  });
});
