import { ValidationError } from '#shared/domain/errors.ts';

declare const phoneBrand: unique symbol;

/** A phone number in E.164: `+`, a country code that does not start with 0, 8 to 15 digits in all. */
export type PhoneNumber = string & { readonly [phoneBrand]: true };

const E164 = /^\+[1-9]\d{7,14}$/;
// People paste numbers the way they are printed; spaces, hyphens, dots and brackets carry no meaning.
const VISUAL_SEPARATORS = /[\s().-]/g;
const PHONE_RULE = 'Phone must be in E.164 format: + then 8 to 15 digits, the first not 0 (e.g. +442079460958)';

export const normalisePhone = (raw: string): string => raw.trim().replace(VISUAL_SEPARATORS, '');

export const isPhoneNumber = (value: string): value is PhoneNumber => E164.test(value);

/** The problem with the number once normalised, or undefined when it is acceptable. */
export const findPhoneProblem = (raw: string): string | undefined => (isPhoneNumber(normalisePhone(raw)) ? undefined : PHONE_RULE);

/** Normalises and validates; raises ValidationError on `phone` otherwise. */
export const parsePhone = (raw: string): PhoneNumber => {
  const normalised = normalisePhone(raw);
  if (!isPhoneNumber(normalised)) {
    throw new ValidationError('Invalid phone', { issues: [{ path: 'phone', message: PHONE_RULE }] });
  }
  return normalised;
};
