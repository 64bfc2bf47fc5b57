import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { aModelDocument } from './testing/model-mother.ts';
import { validateModelDocument } from './validate-model.ts';

const issuesOf = (input: unknown) => {
  try {
    validateModelDocument(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues ?? [];
    throw error;
  }
  throw new Error('expected the document to be refused');
};

const valid = aModelDocument();
const golden0 = valid.golden[0]!;

describe('validateModelDocument', () => {
  it('accepts a document whose golden cases reproduce, and returns it', () => {
    expect(validateModelDocument(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
  });

  it('accepts a model without a scaler (a plain GLM export)', () => {
    const { scaler: _scaler, ...model } = valid.model;
    expect(() => validateModelDocument(aModelDocument({ model }))).not.toThrow();
  });

  it.each([
    ['not an object', 'hello', '(document)', /object/],
    ['an unknown format', { ...valid, format: 'onnx' }, 'format', /logistic-regression\/v1/],
    ['a bad name', { ...valid, name: 'Risk Model!' }, 'name', /a-z/],
    ['an unknown top-level field', { ...valid, owner: 'me' }, '(document)', /owner/],
    ['a threshold above 1', { ...valid, thresholds: { review: 0.3, reject: 1.5 } }, 'thresholds.reject', /between 0 and 1/],
    ['no golden case', { ...valid, golden: [] }, 'golden', /at least one golden case/],
    ['a non-numeric coefficient', { ...valid, model: { ...valid.model, coefficients: [1, 'x', 2] } }, 'model.coefficients.1', /number/],
    ['a zero scale', { ...valid, model: { ...valid.model, scaler: { mean: [0, 0, 0], scale: [1, 0, 1] } } }, 'model.scaler.scale.1', /> 0/],
  ])('refuses %s, naming the field', (_case, input, path, message) => {
    const issues = issuesOf(input);

    expect(issues.map((issue) => issue.path)).toContain(path);
    expect(issues.find((issue) => issue.path === path)?.message).toMatch(message);
  });

  it.each([
    [
      'an unknown feature',
      { ...valid, features: ['logAccountAgeDays', 'shoeSize', 'meanQuantityPerLine'] },
      'features.1',
      /unknown feature "shoeSize"; known features: logAccountAgeDays/,
    ],
    [
      'a repeated feature',
      { ...valid, features: ['logAccountAgeDays', 'highValueShare', 'highValueShare'] },
      'features.2',
      /more than once/,
    ],
    [
      'fewer coefficients than features',
      { ...valid, model: { ...valid.model, coefficients: [1, 2] } },
      'model.coefficients',
      /one value per feature \(3\), holds 2/,
    ],
    [
      'a scaler of the wrong length',
      { ...valid, model: { ...valid.model, scaler: { mean: [0], scale: [1, 1, 1] } } },
      'model.scaler.mean',
      /holds 1/,
    ],
    [
      'thresholds out of order',
      { ...valid, thresholds: { review: 0.9, reject: 0.5 } },
      'thresholds',
      /review \(0.9\) must be at most reject \(0.5\)/,
    ],
  ])('refuses %s', (_case, input, path, message) => {
    expect(issuesOf(input)).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each([
    ['a score off by 2e-9', [{ ...golden0, score: golden0.score + 2e-9 }], 'golden.0.score', /the model gives 0\.\d+, the document says/],
    [
      'a missing feature',
      [{ features: { logAccountAgeDays: 0, highValueShare: 1 }, score: 0.5 }],
      'golden.0.features',
      /missing meanQuantityPerLine/,
    ],
    [
      'a feature the model does not use',
      [{ features: { ...golden0.features, nightOrder: 1 }, score: golden0.score }],
      'golden.0.features',
      /not in the model's features: nightOrder/,
    ],
  ])('refuses golden cases that do not reproduce: %s', (_case, golden, path, message) => {
    expect(issuesOf({ ...valid, golden })).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('accepts a golden score within 1e-9', () => {
    expect(() => validateModelDocument({ ...valid, golden: [{ ...golden0, score: golden0.score + 5e-10 }] })).not.toThrow();
  });

  it('lists every problem at once', () => {
    const issues = issuesOf({ ...valid, features: ['shoeSize', 'highValueShare', 'x'], thresholds: { review: 0.9, reject: 0.1 } });

    expect(issues.map((issue) => issue.path)).toEqual(['features.0', 'features.2', 'thresholds']);
  });
});
