import { describe, expect, it } from 'vitest';
import type { Address } from './address.ts';
import type { PhoneNumber } from './phone.ts';
import { aUser } from './testing/user-mother.ts';
import { toProfile } from './user.ts';

describe('toProfile', () => {
  it('exposes id, email, name, roles and createdAt, and never the password hash, version or updatedAt', () => {
    // Prepare
    const user = aUser({ roles: ['customer', 'support'] });

    // Act
    const profile = toProfile(user);

    // Assess
    expect(profile).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      roles: ['customer', 'support'],
      createdAt: user.createdAt,
    });
    expect(JSON.stringify(profile)).not.toContain('scrypt');
  });

  it('includes phone and address when the user has them', () => {
    // Prepare
    const address = { line1: '1 Main St', city: 'Paris', postalCode: '75001', country: 'FR' } as Address;
    const user = aUser({ phone: '+33612345678' as PhoneNumber, address });

    // Act
    const profile = toProfile(user);

    // Assess
    expect(profile.phone).toBe('+33612345678');
    expect(profile.address).toEqual(address);
  });

  it('returns copies, so changing the profile leaves the user untouched', () => {
    // Prepare
    const user = aUser();

    // Act
    toProfile(user).roles.push('admin');

    // Assess
    expect(user.roles).toEqual(['customer']);
  });
});
