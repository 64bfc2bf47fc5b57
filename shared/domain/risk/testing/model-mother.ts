import { compileModel } from '../inference.ts';
import type { FeatureName, FeatureVector } from '../features.ts';
import { LOGISTIC_REGRESSION, type RiskModelDocument } from '../model-document.ts';

const FEATURES: FeatureName[] = ['logAccountAgeDays', 'highValueShare', 'meanQuantityPerLine'];
const GOLDEN_INPUTS: Array<Record<string, number>> = [
  { logAccountAgeDays: 0, highValueShare: 1, meanQuantityPerLine: 10 },
  { logAccountAgeDays: 5, highValueShare: 0, meanQuantityPerLine: 1 },
];

/** A small valid model document over three features, its golden scores computed by the real scorer. */
export const aModelDocument = (overrides: Partial<RiskModelDocument> = {}): RiskModelDocument => {
  const base: RiskModelDocument = {
    name: 'test-model',
    format: LOGISTIC_REGRESSION,
    features: FEATURES,
    thresholds: { review: 0.3, reject: 0.8 },
    model: { intercept: -2, coefficients: [-0.8, 1.5, 0.4], scaler: { mean: [2, 0.1, 2], scale: [1.5, 0.3, 2] } },
    golden: [],
    ...overrides,
  };
  if (overrides.golden) return base;
  const model = compileModel(base);
  return { ...base, golden: GOLDEN_INPUTS.map((features) => ({ features, score: model.score(features as FeatureVector) })) };
};
