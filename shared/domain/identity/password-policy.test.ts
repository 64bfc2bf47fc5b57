import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';
import { assertPasswordAcceptable, checkPassword, type PasswordRuleCode } from './password-policy.ts';

describe('checkPassword', () => {
  it.each<[string, string, PasswordRuleCode[]]>([
    ['12 lower-case letters', 'purplemonkey', []],
    ['a long passphrase', 'correct horse battery staple', []],
    ['8 characters with lower, upper and digit', 'Tr0ubadr', []],
    ['8 characters with lower, digit and symbol', 'tr0ub4d!', []],
    ['8 characters with upper, digit and symbol', 'TR0UB4D!', []],
    ['11 characters with two classes', 'troubadour1', ['too_simple']],
    ['8 lower-case letters', 'abcdefgx', ['too_simple']],
    ['7 characters with all four classes', 'Ab1!xyz', ['too_short']],
    ['an empty password', '', ['too_short']],
    ['exactly 128 characters', 'a'.repeat(128), []],
    ['129 characters', 'a'.repeat(129), ['too_long']],
    ['a common password', 'password123!', ['too_common']],
    ['a common password in another case', 'PASSWORD123!', ['too_common']],
    ['a common password with mixed case', 'P@ssw0rd1', ['too_common']],
    ['a short common password', 'qwerty', ['too_short', 'too_common']],
    ['a common password that is also too simple', 'iloveyou123', ['too_simple', 'too_common']],
    ['12 emoji, counted as 12 characters', '🐱'.repeat(12), []],
    ['6 emoji, 12 UTF-16 units but 6 characters', '🐱'.repeat(6), ['too_short']],
    ['8 characters with accented upper and lower case and a digit', 'Ébène2024', []],
  ])('%s → %j', (_case, password, expected) => {
    // Act
    const violations = checkPassword(password);

    // Assess
    expect(violations.map(({ code }) => code)).toEqual(expected);
  });

  it('gives every violation a message', () => {
    // Act
    const violations = checkPassword('qwerty');

    // Assess
    expect(violations.every(({ message }) => message.length > 0)).toBe(true);
  });
});

describe('assertPasswordAcceptable', () => {
  it('passes an acceptable password', () => {
    expect(() => assertPasswordAcceptable('a sensible passphrase')).not.toThrow();
  });

  it('raises ValidationError with one password issue per broken rule', () => {
    // Act
    const act = () => assertPasswordAcceptable('qwerty');

    // Assess
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(
      expect.objectContaining({
        issues: [
          { path: 'password', message: expect.stringContaining('at least 12') },
          { path: 'password', message: expect.stringContaining('most commonly used') },
        ],
      }),
    );
  });
});

describe('COMMON_PASSWORDS', () => {
  it('holds between 100 and 300 lower-case entries', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(100);
    expect(COMMON_PASSWORDS.size).toBeLessThanOrEqual(300);
    expect([...COMMON_PASSWORDS].every((entry) => entry === entry.toLowerCase())).toBe(true);
  });
});
