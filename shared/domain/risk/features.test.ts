import { describe, expect, it } from 'vitest';
import { extractFeatures, FEATURES, HISTORY_LIMIT } from './features.ts';
import { daysBefore, minutesBefore, pastOrders, riskInputs } from './testing/risk-inputs-mother.ts';

describe('extractFeatures', () => {
  it('describes a first small order from a brand-new account', () => {
    expect(extractFeatures(riskInputs([[3, 1_500]]))).toEqual({
      logAccountAgeDays: Math.log1p(1 / (24 * 60)),
      ordersLast24h: 0,
      cancellationsLast24h: 0,
      totalVsHistoryLog2: 0,
      orderTotalLog10: Math.log10(1 + 45),
      meanQuantityPerLine: 3,
      lineCount: 1,
      highValueShare: 0,
      firstOrder: 1,
      nightOrder: 0,
      hourOfDay: 14,
    });
  });

  it('counts orders and cancellations of the last 24 h only, and compares the total with the mean of earlier orders', () => {
    const history = [
      ...pastOrders(4, { cancelled: 2, amount: 2_000 }),
      { id: 'OLD', placedAt: daysBefore(3), updatedAt: daysBefore(3), status: 'CANCELLED', total: { amount: 6_000 } },
    ];
    const features = extractFeatures(riskInputs([[2, 6_000]], { customerCreatedAt: daysBefore(30), history }));

    expect(features).toMatchObject({
      ordersLast24h: 4,
      cancellationsLast24h: 2,
      firstOrder: 0,
      totalVsHistoryLog2: Math.log2(12_000 / 2_800),
    });
    expect(features.logAccountAgeDays).toBeCloseTo(Math.log1p(30), 12);
  });

  it('counts an old order cancelled within the last 24 h as a recent cancellation', () => {
    const history = [{ id: 'OLD', placedAt: daysBefore(3), updatedAt: minutesBefore(10), status: 'CANCELLED', total: { amount: 1_000 } }];

    expect(extractFeatures(riskInputs(undefined, { history }))).toMatchObject({ ordersLast24h: 0, cancellationsLast24h: 1 });
  });

  it('ignores the order itself and orders placed after it', () => {
    const history = [
      { id: 'O1', placedAt: minutesBefore(0), updatedAt: minutesBefore(0), status: 'PENDING_PAYMENT', total: { amount: 1_500 } },
      { id: 'LATER', placedAt: minutesBefore(-5), updatedAt: minutesBefore(-5), status: 'PAID', total: { amount: 1_500 } },
    ];

    expect(extractFeatures(riskInputs(undefined, { history }))).toMatchObject({ ordersLast24h: 0, firstOrder: 1 });
  });

  it('reads times that are not in toISOString form (no milliseconds, an offset) the same way', () => {
    const canonical = pastOrders(3, { cancelled: 1 });
    const reformatted = canonical.map((past) => ({
      ...past,
      placedAt: past.placedAt.replace('.000Z', 'Z'),
      updatedAt: new Date(Date.parse(past.updatedAt))
        .toISOString()
        .replace(/^(.{10})T(\d\d)(.*)Z$/, (_m, day, hour, rest) => `${day}T${String(Number(hour) + 2).padStart(2, '0')}${rest}+02:00`),
    }));

    expect(extractFeatures(riskInputs(undefined, { history: reformatted }))).toEqual(
      extractFeatures(riskInputs(undefined, { history: canonical })),
    );
    expect(extractFeatures(riskInputs(undefined, { history: reformatted }))).toMatchObject({ ordersLast24h: 3, cancellationsLast24h: 1 });
  });

  it.each([
    [
      'high-value share',
      [
        [1, 10_000],
        [2, 2_500],
      ] as Array<[number, number]>,
      { highValueShare: 10_000 / 15_000, lineCount: 2, meanQuantityPerLine: 1.5 },
    ],
    ['a line just under the high-value price', [[4, 9_999]] as Array<[number, number]>, { highValueShare: 0 }],
    ['many high-value units', [[10, 90_000]] as Array<[number, number]>, { highValueShare: 1, meanQuantityPerLine: 10 }],
  ])('computes the line features: %s', (_name, lines, expected) => {
    expect(extractFeatures(riskInputs(lines))).toMatchObject(expected);
  });

  it.each([
    ['00:00', '2026-03-02T00:00:00.000Z', 1, 0],
    ['05:59', '2026-03-02T05:59:59.999Z', 1, 5],
    ['06:00', '2026-03-02T06:00:00.000Z', 0, 6],
    ['23:59', '2026-03-02T23:59:00.000Z', 0, 23],
  ])('sets nightOrder at %s UTC', (_label, placedAt, night, hour) => {
    expect(extractFeatures(riskInputs(undefined, { placedAt, customerCreatedAt: undefined }))).toMatchObject({
      nightOrder: night,
      hourOfDay: hour,
    });
  });

  it('keeps every value inside its documented range for extreme inputs', () => {
    const history = pastOrders(80, { cancelled: 80, amount: 1 });
    const extremes = [
      riskInputs([[100, 99_999_999]], { customerCreatedAt: daysBefore(20_000), history }),
      riskInputs([[1, 1]], { customerCreatedAt: minutesBefore(-600), history: pastOrders(3, { amount: 99_999_999 }) }),
      riskInputs([[1, 1_500]], { customerCreatedAt: undefined }),
    ];

    for (const inputs of extremes) {
      const features = extractFeatures(inputs);
      for (const spec of FEATURES) {
        expect(features[spec.name], spec.name).toBeGreaterThanOrEqual(spec.min);
        expect(features[spec.name], spec.name).toBeLessThanOrEqual(spec.max);
      }
    }
    expect(extractFeatures(extremes[0]!)).toMatchObject({ ordersLast24h: 20, cancellationsLast24h: 20 });
    expect(HISTORY_LIMIT).toBe(50);
  });
});
