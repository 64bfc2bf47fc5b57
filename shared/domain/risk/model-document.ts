import * as z from '#shared/zod.ts';
import type { FeatureName } from './features.ts';

/**
 * The one format this service runs: binary logistic regression, exactly what scikit-learn's
 * `Pipeline([StandardScaler(), LogisticRegression()])` holds (`coef_[0]`, `intercept_[0]`, `mean_`, `scale_`, with
 * `feature_names_in_` as `features`), and what any GLM with a logit link exports (R `glm`, statsmodels; no scaler).
 * docs/risk.md documents the mapping.
 */
export const LOGISTIC_REGRESSION = 'logistic-regression/v1';
export const RISK_DECISIONS = ['approve', 'review', 'reject'] as const;
export type RiskDecision = (typeof RISK_DECISIONS)[number];

const MAX_FEATURES = 64;
const MAX_GOLDEN = 100;
const finite = z.number().check(z.refine(Number.isFinite, 'must be a finite number'));
const probability = z.number().check(z.gte(0, 'must be between 0 and 1'), z.lte(1, 'must be between 0 and 1'));

const thresholdsSchema = z.strictObject({ review: probability, reject: probability });

const logisticModelSchema = z.strictObject({
  intercept: finite,
  coefficients: z.array(finite).check(z.minLength(1), z.maxLength(MAX_FEATURES)),
  scaler: z.optional(
    z.strictObject({
      mean: z.array(finite).check(z.maxLength(MAX_FEATURES)),
      scale: z
        .array(z.number().check(z.positive('must be > 0'), z.refine(Number.isFinite, 'must be a finite number')))
        .check(z.maxLength(MAX_FEATURES)),
    }),
  ),
});

const rateSchema = z.strictObject({ threshold: probability, precision: probability, recall: probability, flaggedShare: probability });

/** Held-out metrics, as the trainer measured them (informational: the registry shows them, nothing relies on them). */
const metricsSchema = z.optional(
  z.strictObject({
    dataset: z.string().check(z.minLength(1), z.maxLength(200)),
    samples: z.int().check(z.nonnegative()),
    positives: z.int().check(z.nonnegative()),
    auc: probability,
    atReview: rateSchema,
    atReject: rateSchema,
  }),
);

export const riskModelDocumentSchema = z.strictObject({
  name: z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1–63 characters of a-z, 0-9 and -, starting with a letter or digit')),
  format: z.literal(LOGISTIC_REGRESSION, { error: `must be "${LOGISTIC_REGRESSION}" (the format this service runs; see docs/risk.md)` }),
  description: z.optional(z.string().check(z.maxLength(2000))),
  features: z.array(z.string()).check(z.minLength(1), z.maxLength(MAX_FEATURES)),
  thresholds: thresholdsSchema,
  model: logisticModelSchema,
  golden: z
    .array(z.strictObject({ features: z.record(z.string(), finite), score: probability }))
    .check(z.minLength(1, 'needs at least one golden case'), z.maxLength(MAX_GOLDEN)),
  metrics: metricsSchema,
});

/** A model document as submitted: the envelope of API.md with a logistic-regression body. */
export type RiskModelDocument = Omit<z.infer<typeof riskModelDocumentSchema>, 'features'> & { features: FeatureName[] };
export type RiskThresholds = RiskModelDocument['thresholds'];
export type RiskModelMetrics = NonNullable<RiskModelDocument['metrics']>;

/** JSON with object keys sorted at every level: the same document always gives the same text (and checksum). */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};
