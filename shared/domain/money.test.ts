import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { findAmountProblem, findCurrencyProblem, parseMoney } from './money.ts';

describe('Money', () => {
  it.each([0, 1, 1250, 1_000_000_000])('accepts %i minor units', (amount) => {
    expect(findAmountProblem(amount)).toBeUndefined();
  });

  it.each([-1, 12.5, 0.1 + 0.2, 1_000_000_001, Number.NaN, Number.POSITIVE_INFINITY])('rejects %d as an amount', (amount) => {
    expect(findAmountProblem(amount)).toMatch(/integer/);
  });

  it.each(['EUR', 'USD', 'JPY', 'GBP'])('accepts the ISO 4217 code %s', (currency) => {
    expect(findCurrencyProblem(currency)).toBeUndefined();
  });

  it.each(['eur', 'EURO', 'E1R', '', 'XQZ'])('rejects %j as a currency', (currency) => {
    expect(findCurrencyProblem(currency)).toBeDefined();
  });

  it('lists both problems of a bad price in one ValidationError', () => {
    // Act
    const act = () => parseMoney({ amount: 9.99, currency: 'euro' });

    // Assess
    expect(act).toThrow(ValidationError);
    try {
      act();
    } catch (error) {
      expect((error as ValidationError).issues?.map((issue) => issue.path)).toEqual(['price.amount', 'price.currency']);
    }
  });
});
