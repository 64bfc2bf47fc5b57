import { describe, expect, it } from 'vitest';
import { extractFeatures, type FeatureVector } from './features.ts';
import { compileModel, decide, sigmoid } from './inference.ts';
import { aModelDocument } from './testing/model-mother.ts';
import { riskInputs } from './testing/risk-inputs-mother.ts';

const document = aModelDocument();
const model = compileModel(document);
const vector = (partial: Record<string, number>) => ({ ...extractFeatures(riskInputs()), ...partial }) as FeatureVector;

describe('compileModel', () => {
  it('computes σ(intercept + Σ coef · (x − mean) / scale)', () => {
    const x = vector({ logAccountAgeDays: 1, highValueShare: 0.5, meanQuantityPerLine: 4 });
    const z = -2 + (-0.8 * (1 - 2)) / 1.5 + (1.5 * (0.5 - 0.1)) / 0.3 + (0.4 * (4 - 2)) / 2;

    expect(model.score(x)).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
  });

  it('reproduces its golden cases', () => {
    for (const golden of document.golden)
      expect(Math.abs(model.score(golden.features as FeatureVector) - golden.score)).toBeLessThanOrEqual(1e-12);
  });

  it('scores a batch exactly as it scores one order at a time', () => {
    const rows = Array.from({ length: 25 }, (_, i) =>
      vector({ logAccountAgeDays: i / 5, highValueShare: (i % 5) / 4, meanQuantityPerLine: 1 + (i % 7) }),
    );

    expect(Array.from(model.scoreBatch(rows))).toEqual(rows.map((row) => model.score(row)));
    expect(model.assessBatch(rows)).toEqual(rows.map((row) => model.assess(row)));
    expect(model.scoreBatch([])).toHaveLength(0);
  });

  it('names the features that pushed the score up, largest first, at most three', () => {
    const risky = model.assess(vector({ logAccountAgeDays: 0, highValueShare: 1, meanQuantityPerLine: 20 }));

    expect(risky).toMatchObject({ decision: 'reject', reasons: ['highValueShare', 'meanQuantityPerLine', 'logAccountAgeDays'] });
    expect(model.assess(vector({ logAccountAgeDays: 8, highValueShare: 0, meanQuantityPerLine: 1 })).reasons).toEqual([]);
  });

  it('ignores features the model does not use', () => {
    const x = vector({ logAccountAgeDays: 1, highValueShare: 0.5, meanQuantityPerLine: 4 });

    expect(model.score({ ...x, nightOrder: 1, ordersLast24h: 20 })).toBe(model.score(x));
  });
});

describe('decide', () => {
  it.each([
    [0, 'approve'],
    [0.299999, 'approve'],
    [0.3, 'review'],
    [0.79, 'review'],
    [0.8, 'reject'],
    [1, 'reject'],
  ] as const)('score %d → %s', (score, decision) => {
    expect(decide(score, { review: 0.3, reject: 0.8 })).toBe(decision);
  });

  it('never reviews when the thresholds are equal', () => {
    expect(decide(0.5, { review: 0.5, reject: 0.5 })).toBe('reject');
  });
});

describe('sigmoid', () => {
  it.each([
    [-1000, 0],
    [0, 0.5],
    [1000, 1],
  ])('σ(%d) = %d without overflow', (z, expected) => {
    expect(sigmoid(z)).toBe(expected);
  });
});
