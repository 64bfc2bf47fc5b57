import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '#shared/domain/risk/features.ts';
import { compileModel } from '#shared/domain/risk/inference.ts';
import { validateModelDocument } from '#shared/domain/risk/validate-model.ts';
import { minutesBefore, pastOrders, riskInputs } from '#shared/domain/risk/testing/risk-inputs-mother.ts';
import { DEFAULT_TRAINING, trainModel } from './train.ts';

const committed = JSON.parse(readFileSync(new URL('../../models/risk-default.json', import.meta.url), 'utf8'));
const small = { ...DEFAULT_TRAINING, dataset: { ...DEFAULT_TRAINING.dataset, size: 3_000 } };

describe('trainModel', () => {
  it('reproduces the committed default model byte for byte (npm run model -- train)', () => {
    expect(`${JSON.stringify(trainModel().document, null, 2)}\n`).toBe(
      readFileSync(new URL('../../models/risk-default.json', import.meta.url), 'utf8'),
    );
  }, 30_000);

  it('gives the same document twice from the same seed, and a different one from another seed', () => {
    const first = trainModel(small);
    const again = trainModel(small);
    const other = trainModel({ ...small, dataset: { ...small.dataset, seed: 7 } });

    expect(JSON.stringify(again.document)).toBe(JSON.stringify(first.document));
    expect(first.converged).toBe(true);
    expect(other.document.model.coefficients).not.toEqual(first.document.model.coefficients);
  });

  it('writes a document that passes publish validation, with held-out metrics', () => {
    const document = validateModelDocument(committed);

    expect(document.golden.length).toBeGreaterThanOrEqual(8);
    expect(document.description).toMatch(/SYNTHETIC/);
    expect(document.metrics).toMatchObject({
      samples: 4_000,
      atReview: { threshold: document.thresholds.review },
      atReject: { threshold: document.thresholds.reject },
    });
    expect(document.metrics!.auc).toBeGreaterThan(0.95);
    expect(document.metrics!.atReject.precision).toBeGreaterThan(0.9);
  });
});

describe('the default model on hand-built orders (the end-to-end scenarios rely on these)', () => {
  const model = compileModel(validateModelDocument(committed));
  const decisionOf = (...args: Parameters<typeof riskInputs>) => model.assess(extractFeatures(riskInputs(...args)));

  it.each([
    ['approves a first small order from a one-minute-old account', [[1, 1_500]], {}, 'approve'],
    [
      'approves three everyday items',
      [
        [1, 5_900],
        [2, 4_490],
      ],
      {},
      'approve',
    ],
    ['approves a tenth cheap order of the day', [[2, 1_500]], { history: pastOrders(10, { cancelled: 1 }) }, 'approve'],
    [
      'reviews, never rejects, twenty orders a day with seven declined (the payments fault run)',
      [[3, 1_500]],
      { history: pastOrders(20, { cancelled: 7, amount: 1_500 }) },
      'review',
    ],
    [
      'reviews a first order of one 250.00 item and three 15.00 ones (the e2e review order)',
      [
        [1, 25_000],
        [3, 1_500],
      ],
      {},
      'review',
    ],
    [
      'reviews an established customer buying far above their usual spend',
      [[1, 90_000]],
      { customerCreatedAt: minutesBefore(400 * 24 * 60), history: pastOrders(5, { minutesApart: 3_000 }) },
      'review',
    ],
    ['rejects a new account ordering ten 900.00 items', [[10, 90_000]], {}, 'reject'],
  ] as const)('%s', (_case, lines, overrides, decision) => {
    expect(
      decisionOf(
        lines.map(([q, p]) => [q, p] as [number, number]),
        overrides,
      ).decision,
    ).toBe(decision);
  });

  it.each([
    ['2026-03-02T14:30:00.000Z', [[2, 1_500]], 'approve'],
    ['2026-03-02T03:30:00.000Z', [[2, 1_500]], 'approve'],
    [
      '2026-03-02T14:30:00.000Z',
      [
        [1, 25_000],
        [3, 1_500],
      ],
      'review',
    ],
    [
      '2026-03-02T03:30:00.000Z',
      [
        [1, 25_000],
        [3, 1_500],
      ],
      'review',
    ],
    ['2026-03-02T14:30:00.000Z', [[10, 90_000]], 'reject'],
    ['2026-03-02T03:30:00.000Z', [[10, 90_000]], 'reject'],
  ] as Array<[string, Array<[number, number]>, string]>)(
    'decides the e2e orders the same by day and by night: %s %j → %s',
    (placedAt, lines, decision) => {
      const customerCreatedAt = new Date(Date.parse(placedAt) - 60_000).toISOString();

      expect(decisionOf(lines, { placedAt, customerCreatedAt }).decision).toBe(decision);
    },
  );

  it('gives highValueShare as the first reason for a rejected high-value order', () => {
    expect(decisionOf([[10, 90_000]]).reasons[0]).toBe('highValueShare');
  });
});
