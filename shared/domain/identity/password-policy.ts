import { ValidationError } from '#shared/domain/errors.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

export const PASSWORD_MIN_LENGTH = 8;
/** From this length on, no mix of character classes is required. */
export const PASSWORD_LONG_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
const REQUIRED_CLASSES_WHEN_SHORT = 3;

export type PasswordRuleCode = 'too_short' | 'too_simple' | 'too_long' | 'too_common';

export interface PasswordViolation {
  code: PasswordRuleCode;
  message: string;
}

const CHARACTER_CLASSES: readonly RegExp[] = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

const MESSAGES: Readonly<Record<PasswordRuleCode, string>> = {
  too_short: `Password must be at least ${PASSWORD_LONG_LENGTH} characters, or at least ${PASSWORD_MIN_LENGTH} with three of lower-case, upper-case, digit and symbol`,
  too_simple: `A password shorter than ${PASSWORD_LONG_LENGTH} characters must mix three of lower-case, upper-case, digit and symbol`,
  too_long: `Password must be at most ${PASSWORD_MAX_LENGTH} characters`,
  too_common: 'Password is one of the most commonly used passwords; choose another',
};

const violation = (code: PasswordRuleCode): PasswordViolation => ({ code, message: MESSAGES[code] });

// Code points, not UTF-16 units, so an emoji counts as one character, as a person would count it.
const lengthOf = (password: string): number => [...password].length;

const classesIn = (password: string): number => CHARACTER_CLASSES.filter((pattern) => pattern.test(password)).length;

/** Every rule of the password policy the candidate breaks; empty when it is acceptable. */
export const checkPassword = (password: string): PasswordViolation[] => {
  const length = lengthOf(password);
  const violations: PasswordViolation[] = [];
  if (length < PASSWORD_MIN_LENGTH) violations.push(violation('too_short'));
  else if (length < PASSWORD_LONG_LENGTH && classesIn(password) < REQUIRED_CLASSES_WHEN_SHORT) {
    violations.push(violation('too_simple'));
  }
  if (length > PASSWORD_MAX_LENGTH) violations.push(violation('too_long'));
  if (COMMON_PASSWORDS.has(password.toLowerCase())) violations.push(violation('too_common'));
  return violations;
};

/** Raises ValidationError with one `password` issue per broken rule. */
export const assertPasswordAcceptable = (password: string): void => {
  const violations = checkPassword(password);
  if (violations.length === 0) return;
  throw new ValidationError('Password does not meet the policy', {
    issues: violations.map(({ message }) => ({ path: 'password', message })),
  });
};
