// Trains the default risk model on the synthetic dataset and writes a complete model document: weights, thresholds,
// golden cases and held-out metrics. Deterministic: the same options give a byte-identical document.
import { extractFeatures, FEATURE_NAMES, type FeatureName, type FeatureVector } from '#shared/domain/risk/features.ts';
import { compileModel } from '#shared/domain/risk/inference.ts';
import { LOGISTIC_REGRESSION, type RiskModelDocument } from '#shared/domain/risk/model-document.ts';
import { DEFAULT_FIT, fitLogistic, type FitOptions } from './logistic.ts';
import { ratesAt, rocAuc, thresholdForPrecision } from './metrics.ts';
import { DATASET_NAME, DEFAULT_DATASET, generateDataset, type DatasetOptions } from './synthetic.ts';

export interface TrainOptions {
  name: string;
  dataset: DatasetOptions;
  /** The last share of the dataset is held out: never seen by the fit or the threshold choice. */
  heldOutShare: number;
  features: readonly FeatureName[];
  fit: FitOptions;
  /** Thresholds are the lowest (0.01 grid) reaching these precisions on the training split. */
  reviewPrecision: number;
  rejectPrecision: number;
}

/** hourOfDay is left out: its effect is not monotonic, which a linear model cannot use; nightOrder carries it. */
export const DEFAULT_TRAINING: TrainOptions = {
  name: 'order-risk',
  dataset: DEFAULT_DATASET,
  heldOutShare: 0.2,
  features: FEATURE_NAMES.filter((name) => name !== 'hourOfDay'),
  fit: DEFAULT_FIT,
  reviewPrecision: 0.5,
  rejectPrecision: 0.95,
};

const GOLDEN_QUANTILES = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 1];

const pick = (vector: FeatureVector, features: readonly FeatureName[]) =>
  Object.fromEntries(features.map((name) => [name, vector[name]])) as Record<FeatureName, number>;

export interface TrainResult {
  document: RiskModelDocument;
  iterations: number;
  converged: boolean;
}

export const trainModel = (options: TrainOptions = DEFAULT_TRAINING): TrainResult => {
  const samples = generateDataset(options.dataset);
  const vectors = samples.map((sample) => extractFeatures(sample.inputs));
  const split = Math.round(samples.length * (1 - options.heldOutShare));
  const k = options.features.length;
  const rowOf = (vector: FeatureVector) => Float64Array.from(options.features, (name) => vector[name]);
  const trainRows = vectors.slice(0, split).map(rowOf);
  const trainLabels = samples.slice(0, split).map((sample) => (sample.fraud ? 1 : 0));
  const fit = fitLogistic(trainRows, trainLabels, k, options.fit);

  const body = {
    features: [...options.features],
    model: { intercept: fit.intercept, coefficients: fit.coefficients, scaler: { mean: fit.mean, scale: fit.scale } },
  };
  const provisional = compileModel({ ...body, thresholds: { review: 0.5, reject: 0.5 } });
  const trainTruth = samples.slice(0, split).map((sample) => sample.fraud);
  const trainScores = provisional.scoreBatch(vectors.slice(0, split));
  const reject = thresholdForPrecision(trainScores, trainTruth, options.rejectPrecision);
  const review = Math.min(reject, thresholdForPrecision(trainScores, trainTruth, options.reviewPrecision));
  const thresholds = { review, reject };

  const heldOut = vectors.slice(split);
  const truth = samples.slice(split).map((sample) => sample.fraud);
  const scores = provisional.scoreBatch(heldOut);
  const ranked = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]! || a - b);
  const goldenIndexes = [...new Set(GOLDEN_QUANTILES.map((q) => ranked[Math.min(ranked.length - 1, Math.floor(q * ranked.length))]!))];
  const { dataset } = options;

  const document: RiskModelDocument = {
    name: options.name,
    format: LOGISTIC_REGRESSION,
    description:
      `Logistic regression trained on SYNTHETIC orders (${DATASET_NAME}, seed ${dataset.seed}, ${dataset.size} orders, fraud rate ${dataset.fraudRate}); ` +
      'no real customer data. A starting point to be replaced by a model trained on labelled orders. See docs/risk.md.',
    features: body.features,
    thresholds,
    model: body.model,
    golden: goldenIndexes.map((index) => ({ features: pick(heldOut[index]!, options.features), score: scores[index]! })),
    metrics: {
      dataset: `${DATASET_NAME} seed ${dataset.seed}, held-out last ${Math.round(options.heldOutShare * 100)} %`,
      samples: heldOut.length,
      positives: truth.filter(Boolean).length,
      auc: rocAuc(scores, truth),
      atReview: ratesAt(scores, truth, review),
      atReject: ratesAt(scores, truth, reject),
    },
  };
  return { document, iterations: fit.iterations, converged: fit.converged };
};
