import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { EMAIL_MAX_LENGTH, findEmailProblem, isEmail, parseEmail } from './email.ts';

// 64 + '@' + 63 + '.' + 63 + '.' + n + '.com': labels stay within 63 characters whatever the total.
const atLength = (length: number): string =>
  `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(length - 64 - 1 - 64 - 64 - 4)}.com`;

describe('parseEmail', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['  Ada.Lovelace@Example.COM  ', 'ada.lovelace@example.com'],
    ['first.last+tag@sub.example.co.uk', 'first.last+tag@sub.example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['user@xn--bcher-kva.example', 'user@xn--bcher-kva.example'],
    ['user@my-shop.example', 'user@my-shop.example'],
    ['x@example.xn--p1ai', 'x@example.xn--p1ai'],
  ])('accepts %j as %j', (raw, expected) => {
    // Act
    const email = parseEmail(raw);

    // Assess
    expect(email).toBe(expected);
    expect(isEmail(email)).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['only spaces', '   '],
    ['no @', 'ada.example.com'],
    ['nothing before the @', '@example.com'],
    ['nothing after the @', 'ada@'],
    ['two @', 'ada@lovelace@example.com'],
    ['no dot in the domain', 'ada@localhost'],
    ['a space inside', 'ada lovelace@example.com'],
    ['a leading dot', '.ada@example.com'],
    ['a trailing dot before the @', 'ada.@example.com'],
    ['two dots in a row', 'ada..lovelace@example.com'],
    ['a domain label starting with a hyphen', 'ada@-example.com'],
    ['an empty domain label', 'ada@example..com'],
    ['a numeric TLD', 'ada@example.123'],
    ['a one-letter TLD', 'ada@example.c'],
    ['a non-ASCII character', 'adà@example.com'],
    ['a quoted local part', '"ada lovelace"@example.com'],
    ['a 65-character local part', `${'a'.repeat(65)}@example.com`],
    ['an IP literal domain', 'ada@[127.0.0.1]'],
  ])('rejects %s', (_case, raw) => {
    // Act
    const act = () => parseEmail(raw);

    // Assess
    expect(act).toThrow(ValidationError);
    expect(findEmailProblem(raw)).toMatch(/^Email /);
  });

  it('accepts an address of exactly the maximum length and rejects one character more', () => {
    // Prepare
    const longest = atLength(EMAIL_MAX_LENGTH);
    const tooLong = atLength(EMAIL_MAX_LENGTH + 1);

    // Act + Assess
    expect(longest).toHaveLength(254);
    expect(parseEmail(longest)).toBe(longest);
    expect(findEmailProblem(tooLong)).toBe('Email must be at most 254 characters');
  });

  it('reports the problem as an issue on the email field', () => {
    // Act
    const act = () => parseEmail('not-an-email');

    // Assess
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(expect.objectContaining({ issues: [{ path: 'email', message: 'Email must look like name@example.com' }] }));
  });

  it('treats a string that is valid but not normalised as not yet an Email', () => {
    expect(isEmail('Ada@Example.com')).toBe(false);
  });
});
