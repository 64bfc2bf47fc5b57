import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSigningKey } from './signing-keys.ts';
import { createTokenIssuer } from './token-issuer.ts';

const NOW = new Date('2030-01-02T03:04:05.000Z');
const IAT = NOW.getTime() / 1000;

const decodePart = (token: string, index: number): unknown =>
  JSON.parse(Buffer.from(token.split('.')[index] ?? '', 'base64url').toString('utf8'));

const anIssuer = (overrides: Partial<Parameters<typeof createTokenIssuer>[0]> = {}) =>
  createTokenIssuer({
    keys: { keys: [generateSigningKey()] },
    issuer: 'https://auth.orderly.test',
    audience: 'orderly-api',
    ttlSeconds: 900,
    now: () => NOW,
    newId: () => '01J0000000000000000000000A',
    ...overrides,
  });

describe('createTokenIssuer', () => {
  it('issues a token with every claim the API promises, expiring ttl seconds after iat', () => {
    // Prepare
    const issuer = anIssuer({ ttlSeconds: 600 });

    // Act
    const { accessToken, expiresIn } = issuer.issue({ sub: 'user-1', roles: ['customer'] });

    // Assess
    expect(expiresIn).toBe(600);
    expect(decodePart(accessToken, 1)).toEqual({
      sub: 'user-1',
      roles: ['customer'],
      iss: 'https://auth.orderly.test',
      aud: 'orderly-api',
      iat: IAT,
      exp: IAT + 600,
      jti: '01J0000000000000000000000A',
    });
  });

  it('signs with the last key of the set, naming it in the header', () => {
    // Prepare
    const [older, newer] = [generateSigningKey(), generateSigningKey()];
    const issuer = anIssuer({ keys: { keys: [older, newer] } });

    // Act
    const { accessToken } = issuer.issue({ sub: 'user-1', roles: [] });

    // Assess
    const [header = '', payload = '', signature = ''] = accessToken.split('.');
    expect(decodePart(accessToken, 0)).toEqual({ alg: 'ES256', typ: 'JWT', kid: newer.kid });
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      {
        key: createPublicKey(newer.privateKeyPem),
        dsaEncoding: 'ieee-p1363',
      },
      Buffer.from(signature, 'base64url'),
    );
    expect(valid).toBe(true);
  });

  it('gives every token a fresh ULID jti by default', () => {
    // Prepare
    const issuer = anIssuer({ newId: undefined });

    // Act
    const jtis = [1, 2].map(() => decodePart(issuer.issue({ sub: 'user-1', roles: [] }).accessToken, 1));

    // Assess
    const [first, second] = jtis.map((claims) => (claims as { jti: string }).jti);
    expect(first).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(second).not.toBe(first);
  });

  it.each([901, 3600, 0, -1, 1.5, Number.NaN])('refuses a ttl of %s seconds', (ttlSeconds) => {
    // Prepare, Act, Assess
    expect(() => anIssuer({ ttlSeconds })).toThrow(RangeError);
  });

  it('refuses an empty key set', () => {
    // Prepare, Act, Assess
    expect(() => anIssuer({ keys: { keys: [] } })).toThrow('empty');
  });
});
