import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicJwks } from './public-jwks.ts';
import { generateSigningKey } from './signing-keys.ts';

describe('publicJwks', () => {
  it('publishes exactly the public fields of every key, in order', () => {
    // Prepare
    const keys = [generateSigningKey(), generateSigningKey()];

    // Act
    const jwks = publicJwks({ keys });

    // Assess
    expect(jwks.keys.map(({ kid }) => kid)).toEqual(keys.map(({ kid }) => kid));
    for (const jwk of jwks.keys) {
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    }
  });

  it('never carries private material, however it is serialised', () => {
    // Prepare
    const key = generateSigningKey();
    const { d } = createPrivateKey(key.privateKeyPem).export({ format: 'jwk' });

    // Act
    const served = JSON.stringify(publicJwks({ keys: [key] }));

    // Assess
    expect(d).toEqual(expect.any(String));
    expect(served).not.toContain(String(d));
    expect(served).not.toContain('PRIVATE');
    expect(served).not.toMatch(/"(d|p|q|dp|dq|qi|k)":/);
  });

  it('refuses a key that is not EC P-256', () => {
    // Prepare
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' });

    // Act, Assess
    expect(() => publicJwks({ keys: [{ kid: 'rsa', privateKeyPem: rsa.toString() }] })).toThrow('not an EC P-256 key');
  });
});
