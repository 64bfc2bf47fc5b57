import type { FeatureName, FeatureVector } from './features.ts';
import type { RiskDecision, RiskModelDocument, RiskThresholds } from './model-document.ts';

/** How many contributing features an assessment names as its reasons. */
export const MAX_REASONS = 3;

export interface RiskAssessment {
  score: number;
  decision: RiskDecision;
  /** The features that pushed the score up the most (positive contributions to the logit), largest first. */
  reasons: FeatureName[];
}

/** A model ready to score: weights laid out in flat arrays once, so that scoring allocates nothing but its result. */
export interface CompiledModel {
  readonly features: readonly FeatureName[];
  readonly thresholds: RiskThresholds;
  /** The probability of fraud for one order, 0..1. */
  score(features: FeatureVector): number;
  /** Scores many orders in one pass over a row-major matrix (the article's BatchPredict). */
  scoreBatch(rows: readonly FeatureVector[]): Float64Array;
  /** Score, decision and reasons for one order. */
  assess(features: FeatureVector): RiskAssessment;
  /** Assessments for many orders, scored in one batch. */
  assessBatch(rows: readonly FeatureVector[]): RiskAssessment[];
}

/** The logistic function, without overflow for large |z|. */
export const sigmoid = (z: number): number => {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
};

/** reject at or above `reject`, review at or above `review`, approve below. */
export const decide = (score: number, thresholds: RiskThresholds): RiskDecision =>
  score >= thresholds.reject ? 'reject' : score >= thresholds.review ? 'review' : 'approve';

/**
 * Compiles a document that has passed validation (see validate-model.ts). The logit is computed term by term as the
 * format defines it, `intercept + Σ coef[i] · (x[i] − mean[i]) / scale[i]`, so that any tool's export reproduces.
 */
export const compileModel = (document: Pick<RiskModelDocument, 'features' | 'thresholds' | 'model'>): CompiledModel => {
  const { features, thresholds } = document;
  const k = features.length;
  const coefficients = Float64Array.from(document.model.coefficients);
  const mean = Float64Array.from(document.model.scaler?.mean ?? new Array<number>(k).fill(0));
  const scale = Float64Array.from(document.model.scaler?.scale ?? new Array<number>(k).fill(1));
  const intercept = document.model.intercept;

  const logitOf = (x: FeatureVector): number => {
    let z = intercept;
    for (let i = 0; i < k; i += 1) z += (coefficients[i]! * (x[features[i]!] - mean[i]!)) / scale[i]!;
    return z;
  };

  const reasonsOf = (x: FeatureVector): FeatureName[] => {
    const contributions: Array<[FeatureName, number]> = [];
    for (let i = 0; i < k; i += 1) {
      const c = (coefficients[i]! * (x[features[i]!] - mean[i]!)) / scale[i]!;
      if (c > 0) contributions.push([features[i]!, c]);
    }
    return contributions
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_REASONS)
      .map(([name]) => name);
  };

  const scoreBatch = (rows: readonly FeatureVector[]): Float64Array => {
    const n = rows.length;
    const matrix = new Float64Array(n * k);
    for (let r = 0; r < n; r += 1) {
      const row = rows[r]!;
      for (let i = 0; i < k; i += 1) matrix[r * k + i] = row[features[i]!];
    }
    const out = new Float64Array(n);
    for (let r = 0; r < n; r += 1) {
      let z = intercept;
      const offset = r * k;
      for (let i = 0; i < k; i += 1) z += (coefficients[i]! * (matrix[offset + i]! - mean[i]!)) / scale[i]!;
      out[r] = sigmoid(z);
    }
    return out;
  };

  const assessWith = (x: FeatureVector, score: number): RiskAssessment => ({
    score,
    decision: decide(score, thresholds),
    reasons: reasonsOf(x),
  });

  return {
    features,
    thresholds,
    score: (x) => sigmoid(logitOf(x)),
    scoreBatch,
    assess: (x) => assessWith(x, sigmoid(logitOf(x))),
    assessBatch: (rows) => {
      const scores = scoreBatch(rows);
      return rows.map((row, r) => assessWith(row, scores[r]!));
    },
  };
};
