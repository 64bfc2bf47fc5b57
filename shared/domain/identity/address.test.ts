import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors.ts';
import { type AddressInput, parseAddress } from './address.ts';
import { COUNTRY_CODE_COUNT, toCountryCode } from './country.ts';

const anAddressInput = (overrides: Partial<AddressInput> = {}): AddressInput => ({
  line1: '10 Downing Street',
  city: 'London',
  postalCode: 'SW1A 2AA',
  country: 'GB',
  ...overrides,
});

describe('parseAddress', () => {
  it('trims the fields, upper-cases postal and country codes and drops an empty second line', () => {
    // Act
    const address = parseAddress(anAddressInput({ line1: ' 1 Main St ', line2: '  ', postalCode: 'sw1a 2aa', country: ' gb ' }));

    // Assess
    expect(address).toEqual({ line1: '1 Main St', city: 'London', postalCode: 'SW1A 2AA', country: 'GB' });
  });

  it('keeps a second line when given', () => {
    expect(parseAddress(anAddressInput({ line2: 'Flat 2' })).line2).toBe('Flat 2');
  });

  it.each<[string, Partial<AddressInput>, string]>([
    ['an empty first line', { line1: ' ' }, 'address.line1'],
    ['a first line over 100 characters', { line1: 'x'.repeat(101) }, 'address.line1'],
    ['a second line over 100 characters', { line2: 'x'.repeat(101) }, 'address.line2'],
    ['an empty city', { city: '' }, 'address.city'],
    ['an empty postal code', { postalCode: '' }, 'address.postalCode'],
    ['a postal code over 16 characters', { postalCode: '1'.repeat(17) }, 'address.postalCode'],
    ['a reserved country code', { country: 'UK' }, 'address.country'],
    ['an alpha-3 country code', { country: 'GBR' }, 'address.country'],
  ])('rejects %s on %s', (_case, overrides, path) => {
    // Act
    const act = () => parseAddress(anAddressInput(overrides));

    // Assess
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path })] }));
  });

  it('reports every invalid field at once', () => {
    // Act
    const act = () => parseAddress({ line1: '', city: '', postalCode: '', country: 'XX' });

    // Assess
    const issueOn = (path: string) => ({ path, message: expect.any(String) });
    expect(act).toThrow(
      expect.objectContaining({
        issues: [issueOn('address.line1'), issueOn('address.city'), issueOn('address.postalCode'), issueOn('address.country')],
      }),
    );
  });
});

describe('toCountryCode', () => {
  it('knows the 249 officially assigned ISO 3166-1 alpha-2 codes', () => {
    expect(COUNTRY_CODE_COUNT).toBe(249);
  });

  it.each([
    ['fr', 'FR'],
    ['US', 'US'],
    [' de ', 'DE'],
    ['UK', undefined],
    ['EU', undefined],
    ['XK', undefined],
    ['', undefined],
  ])('%j → %j', (raw, expected) => {
    expect(toCountryCode(raw)).toBe(expected);
  });
});
