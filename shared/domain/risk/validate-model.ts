import { ValidationError, type FieldIssue } from '#shared/domain/errors.ts';
import { FEATURE_NAMES, isFeatureName, type FeatureVector } from './features.ts';
import { compileModel } from './inference.ts';
import { riskModelDocumentSchema, type RiskModelDocument } from './model-document.ts';

/** How far a golden case's recomputed score may be from the score the document states. */
export const GOLDEN_TOLERANCE = 1e-9;

type Parsed = ReturnType<typeof riskModelDocumentSchema.parse>;

const featureIssues = (features: readonly string[]): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  features.forEach((name, index) => {
    if (!isFeatureName(name))
      issues.push({ path: `features.${index}`, message: `unknown feature "${name}"; known features: ${FEATURE_NAMES.join(', ')}` });
    else if (seen.has(name)) issues.push({ path: `features.${index}`, message: `"${name}" appears more than once` });
    seen.add(name);
  });
  return issues;
};

const shapeIssues = (doc: Parsed): FieldIssue[] => {
  const k = doc.features.length;
  const issues: FieldIssue[] = [];
  const check = (path: string, length: number) => {
    if (length !== k) issues.push({ path, message: `must hold one value per feature (${k}), holds ${length}` });
  };
  check('model.coefficients', doc.model.coefficients.length);
  if (doc.model.scaler) {
    check('model.scaler.mean', doc.model.scaler.mean.length);
    check('model.scaler.scale', doc.model.scaler.scale.length);
  }
  if (doc.thresholds.review > doc.thresholds.reject) {
    issues.push({ path: 'thresholds', message: `review (${doc.thresholds.review}) must be at most reject (${doc.thresholds.reject})` });
  }
  return issues;
};

const goldenIssues = (doc: RiskModelDocument): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  const model = compileModel(doc);
  const expected = new Set<string>(doc.features);
  doc.golden.forEach((golden, index) => {
    const names = Object.keys(golden.features);
    const missing = doc.features.filter((name) => !(name in golden.features));
    const extra = names.filter((name) => !expected.has(name));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        missing.length ? `missing ${missing.join(', ')}` : '',
        extra.length ? `not in the model's features: ${extra.join(', ')}` : '',
      ];
      issues.push({
        path: `golden.${index}.features`,
        message: `must give exactly the model's features (${parts.filter(Boolean).join('; ')})`,
      });
      return;
    }
    const score = model.score(golden.features as FeatureVector);
    if (!(Math.abs(score - golden.score) <= GOLDEN_TOLERANCE)) {
      issues.push({
        path: `golden.${index}.score`,
        message: `the model gives ${score}, the document says ${golden.score} (tolerance ${GOLDEN_TOLERANCE})`,
      });
    }
  });
  return issues;
};

const zodIssues = (error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): FieldIssue[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(document)', message: issue.message }));

/**
 * Parses and checks a submitted model document: schema, known features only, one weight per feature, thresholds in
 * order, and every golden case reproduced to 1e-9. Throws a ValidationError listing every problem found.
 */
export const validateModelDocument = (input: unknown): RiskModelDocument => {
  const parsed = riskModelDocumentSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('The model document is invalid.', { issues: zodIssues(parsed.error) });
  const doc = parsed.data;
  const issues = [...featureIssues(doc.features), ...shapeIssues(doc)];
  if (issues.length > 0) throw new ValidationError('The model document is invalid.', { issues });
  const valid = doc as RiskModelDocument;
  const golden = goldenIssues(valid);
  if (golden.length > 0) throw new ValidationError("The model document's golden cases do not reproduce.", { issues: golden });
  return valid;
};
