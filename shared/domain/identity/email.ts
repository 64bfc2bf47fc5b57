import { ValidationError } from '#shared/domain/errors.ts';

declare const emailBrand: unique symbol;

/** A trimmed, lower-cased email address that passed `findEmailProblem`. */
export type Email = string & { readonly [emailBrand]: true };

/** RFC 5321 caps a forward path at 256 octets, two of them the angle brackets. */
export const EMAIL_MAX_LENGTH = 254;
const LOCAL_PART_MAX_LENGTH = 64;

// Practical rather than RFC 5322 complete: dot-atom local parts only (no quoted strings, no comments),
// and ASCII domains with a letter TLD, so internationalised domains must arrive as punycode (xn--).
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Emails compare case-insensitively, so every stored and looked-up address goes through here. */
export const normaliseEmail = (raw: string): string => raw.trim().toLowerCase();

const ruleBrokenBy = (email: string): string | undefined => {
  if (email.length === 0) return 'must not be empty';
  if (email.length > EMAIL_MAX_LENGTH) return `must be at most ${EMAIL_MAX_LENGTH} characters`;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return 'must look like name@example.com';
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  if (local.length > LOCAL_PART_MAX_LENGTH) return `must have at most ${LOCAL_PART_MAX_LENGTH} characters before the @`;
  if (!LOCAL_PART.test(local)) return 'has characters or dots that are not allowed before the @';
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return 'must have a valid domain';
  if (!TOP_LEVEL_DOMAIN.test(labels.at(-1) ?? '')) return 'must end with a valid top-level domain';
  return undefined;
};

/** The first rule the normalised address breaks, or undefined when it is acceptable. */
export const findEmailProblem = (raw: string): string | undefined => {
  const problem = ruleBrokenBy(normaliseEmail(raw));
  return problem === undefined ? undefined : `Email ${problem}`;
};

export const isEmail = (value: string): value is Email => value === normaliseEmail(value) && ruleBrokenBy(value) === undefined;

/** Normalises and validates; raises ValidationError on `email` otherwise. */
export const parseEmail = (raw: string): Email => {
  const problem = findEmailProblem(raw);
  if (problem !== undefined) throw new ValidationError('Invalid email', { issues: [{ path: 'email', message: problem }] });
  return normaliseEmail(raw) as Email;
};
