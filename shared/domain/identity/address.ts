import { type FieldIssue, ValidationError } from '#shared/domain/errors.ts';
import { type CountryCode, toCountryCode } from './country.ts';

/** A postal address, stored encrypted because it is personal data. */
export interface Address {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: CountryCode;
}

export interface AddressInput {
  line1: string;
  line2?: string | undefined;
  city: string;
  postalCode: string;
  country: string;
}

const LIMITS = { line1: 100, line2: 100, city: 100, postalCode: 16 } as const;

const textIssue = (field: keyof typeof LIMITS, value: string, required: boolean): FieldIssue | undefined => {
  if (required && value.length === 0) return { path: `address.${field}`, message: 'must not be empty' };
  if (value.length > LIMITS[field]) {
    return { path: `address.${field}`, message: `must be at most ${LIMITS[field]} characters` };
  }
  return undefined;
};

/** Trims every field, checks lengths and the country code; raises ValidationError on `address.*` otherwise. */
export const parseAddress = (input: AddressInput): Address => {
  const line1 = input.line1.trim();
  const line2 = input.line2?.trim() || undefined;
  const city = input.city.trim();
  const postalCode = input.postalCode.trim().toUpperCase();
  const country = toCountryCode(input.country);
  const issues = [
    textIssue('line1', line1, true),
    textIssue('line2', line2 ?? '', false),
    textIssue('city', city, true),
    textIssue('postalCode', postalCode, true),
    country === undefined ? { path: 'address.country', message: 'must be an ISO 3166-1 alpha-2 code' } : undefined,
  ].filter((issue) => issue !== undefined);
  if (issues.length > 0 || country === undefined) throw new ValidationError('Invalid address', { issues });
  return { line1, ...(line2 === undefined ? {} : { line2 }), city, postalCode, country };
};
