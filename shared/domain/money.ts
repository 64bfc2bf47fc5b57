import { ValidationError, type FieldIssue } from '#shared/domain/errors.ts';

/** An amount in integer minor units (cents, pence; yen have none) and its ISO 4217 currency. Never a float. */
export interface Money {
  amount: number;
  currency: string;
}

export const MAX_PRICE_AMOUNT = 1_000_000_000;

// ICU's list is ISO 4217 (current and historic codes); it is missing only where Intl has no currency data.
const knownCurrencies: ReadonlySet<string> | undefined = (() => {
  try {
    return new Set(Intl.supportedValuesOf('currency'));
  } catch {
    return undefined;
  }
})();

export const findCurrencyProblem = (currency: string): string | undefined => {
  if (!/^[A-Z]{3}$/.test(currency)) return 'must be an ISO 4217 code: three capital letters';
  if (knownCurrencies && !knownCurrencies.has(currency)) return 'is not an ISO 4217 currency';
  return undefined;
};

export const findAmountProblem = (amount: number): string | undefined =>
  Number.isInteger(amount) && amount >= 0 && amount <= MAX_PRICE_AMOUNT
    ? undefined
    : `must be an integer number of minor units from 0 to ${MAX_PRICE_AMOUNT}`;

/** Money issues, with paths under `at` (e.g. `price`). */
export const moneyIssues = (money: Money, at: string): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  const amount = findAmountProblem(money.amount);
  const currency = findCurrencyProblem(money.currency);
  if (amount) issues.push({ path: `${at}.amount`, message: amount });
  if (currency) issues.push({ path: `${at}.currency`, message: currency });
  return issues;
};

/** A valid price, or ValidationError listing both fields' problems. */
export const parseMoney = (money: Money): Money => {
  const issues = moneyIssues(money, 'price');
  if (issues.length > 0) throw new ValidationError('The price is invalid.', { issues });
  return { amount: money.amount, currency: money.currency };
};
