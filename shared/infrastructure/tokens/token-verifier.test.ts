import { createHmac, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '#shared/domain/errors.ts';
import type { PublicJwksSource } from './jwks-source.ts';
import { publicJwks } from './public-jwks.ts';
import { generateSigningKey, type SigningKey } from './signing-keys.ts';
import { createTokenIssuer } from './token-issuer.ts';
import { createTokenVerifier, JwksFetchRefusedError } from './token-verifier.ts';

const ISSUER = 'https://auth.orderly.test';
const AUDIENCE = 'orderly-api';
const GENERIC_MESSAGE = 'Invalid or expired access token';

const ours = generateSigningKey();
const stranger = generateSigningKey();
const verifier = createTokenVerifier({ keys: { keys: [ours] }, issuer: ISSUER, audience: AUDIENCE });

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const issueWith = (key: SigningKey, overrides: { issuer?: string; audience?: string; now?: () => Date } = {}): string =>
  createTokenIssuer({ keys: { keys: [key] }, issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 900, ...overrides }).issue({
    sub: 'user-1',
    roles: ['customer'],
  }).accessToken;

const validClaims = (): Record<string, unknown> => {
  const iat = nowSeconds();
  return { sub: 'user-1', roles: ['customer'], iss: ISSUER, aud: AUDIENCE, iat, exp: iat + 900, jti: '01J0000000000000000000000A' };
};

/** Signs any header and payload with ES256 and a key of our choosing: tokens the issuer would never make. */
const forgeEs256 = (payload: Record<string, unknown>, { key = ours, header = {} }: { key?: SigningKey; header?: object } = {}): string => {
  const input = `${b64({ alg: 'ES256', typ: 'JWT', kid: ours.kid, ...header })}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKeyPem, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
};

const forgeHs256 = (secret: string): string => {
  const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: ours.kid })}.${b64(validClaims())}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

const withPayload = (token: string, payload: Record<string, unknown>): string => {
  const [header, , signature] = token.split('.');
  return `${header}.${b64(payload)}.${signature}`;
};

const ourPublicPem = createPublicKey(ours.privateKeyPem).export({ format: 'pem', type: 'spki' }).toString();
const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

const without = (claim: string): Record<string, unknown> => {
  const { [claim]: _dropped, ...rest } = validClaims();
  return rest;
};

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );

describe('createTokenVerifier', () => {
  it('accepts a fresh token and returns its subject, roles, id and expiry', async () => {
    // Prepare
    const issued = createTokenIssuer({
      keys: { keys: [ours] },
      issuer: ISSUER,
      audience: AUDIENCE,
      ttlSeconds: 900,
      newId: () => 'jti-1',
    }).issue({ sub: 'user-1', roles: ['customer', 'support'] });

    // Act
    const verified = await verifier.verify(issued.accessToken);

    // Assess
    expect(verified).toEqual({ sub: 'user-1', roles: ['customer', 'support'], jti: 'jti-1', exp: expect.any(Number) });
    expect(verified.exp - nowSeconds()).toBeGreaterThan(890);
  });

  it('still accepts a token signed by the older key after a new key is appended', async () => {
    // Prepare
    const newer = generateSigningKey();
    const rotated = { keys: [ours, newer] };
    const oldToken = issueWith(ours);
    const newToken = createTokenIssuer({ keys: rotated, issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 900 }).issue({
      sub: 'user-2',
      roles: [],
    }).accessToken;
    const afterRotation = createTokenVerifier({ keys: rotated, issuer: ISSUER, audience: AUDIENCE });

    // Act
    const [fromOld, fromNew] = await Promise.all([afterRotation.verify(oldToken), afterRotation.verify(newToken)]);

    // Assess
    expect(fromOld.sub).toBe('user-1');
    expect(fromNew.sub).toBe('user-2');
  });

  it('accepts the public JWKS alone, so verifying functions need no private key', async () => {
    // Prepare
    const publicOnly = createTokenVerifier({ jwks: publicJwks({ keys: [ours] }), issuer: ISSUER, audience: AUDIENCE });

    // Act
    const verified = await publicOnly.verify(issueWith(ours));

    // Assess
    expect(verified.sub).toBe('user-1');
  });

  const signedToken = issueWith(ours);
  const twentyMinutesAgo = (): Date => new Date(Date.now() - 20 * 60_000);

  it.each<[string, () => string]>([
    ['an empty string', () => ''],
    ['a token that is not three parts', () => 'abc.def'],
    ['a token of four parts', () => `${signedToken}.abc`],
    ['a token with characters outside base64url', () => '!!!.***.$$$'],
    ['a token whose base64 decodes to binary', () => 'AAAA.BBBB.CCCC'],
    ['a header that is not JSON', () => `${Buffer.from('not json').toString('base64url')}.${b64(validClaims())}.c2ln`],
    ['a payload that is not JSON', () => `${b64({ alg: 'ES256', kid: ours.kid })}.${Buffer.from('{"sub":').toString('base64url')}.c2ln`],
    ['a token far too long to be ours', () => `${signedToken}${'a'.repeat(5000)}`],
    ['alg none with no signature', () => `${b64({ alg: 'none', typ: 'JWT', kid: ours.kid })}.${b64(validClaims())}.`],
    ['alg none with a filler signature', () => `${b64({ alg: 'none', typ: 'JWT', kid: ours.kid })}.${b64(validClaims())}.c2ln`],
    ['HS256 keyed with our public key PEM', () => forgeHs256(ourPublicPem)],
    ['HS256 keyed with our public JWK', () => forgeHs256(JSON.stringify(publicJwks({ keys: [ours] }).keys[0]))],
    [
      'RS256 signed by an RSA key under our kid',
      () => {
        const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: ours.kid })}.${b64(validClaims())}`;
        return `${input}.${sign('sha256', Buffer.from(input), rsaKey).toString('base64url')}`;
      },
    ],
    ['an expired token', () => issueWith(ours, { now: twentyMinutesAgo })],
    ['a token whose nbf is in the future', () => forgeEs256({ ...validClaims(), nbf: nowSeconds() + 600 })],
    ['a token without exp', () => forgeEs256(without('exp'))],
    ['a token without iat', () => forgeEs256(without('iat'))],
    ['a token that lives longer than 15 minutes', () => forgeEs256({ ...validClaims(), exp: nowSeconds() + 3600 })],
    ['a token issued in the future', () => forgeEs256({ ...validClaims(), iat: nowSeconds() + 3600, exp: nowSeconds() + 3600 + 900 })],
    ['a token from another issuer', () => issueWith(ours, { issuer: 'https://evil.example' })],
    ['a token for another audience', () => issueWith(ours, { audience: 'other-api' })],
    ['a token without sub', () => forgeEs256(without('sub'))],
    ['a token without jti', () => forgeEs256(without('jti'))],
    ['a token whose roles is a string', () => forgeEs256({ ...validClaims(), roles: 'admin' })],
    ['a token whose roles hold a non-string', () => forgeEs256({ ...validClaims(), roles: ['customer', 1] })],
    ['a token without roles', () => forgeEs256(without('roles'))],
    ['a token without kid', () => forgeEs256(validClaims(), { header: { kid: undefined } })],
    ['a valid token whose payload was changed to admin', () => withPayload(signedToken, { ...validClaims(), roles: ['admin'] })],
    ['a token signed by a stranger key that claims our kid', () => forgeEs256(validClaims(), { key: stranger })],
  ])('rejects %s with UnauthorizedError and a generic message', async (_case, makeToken) => {
    // Prepare
    const token = makeToken();

    // Act
    const error = await rejectionOf(verifier.verify(token));

    // Assess
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ message: GENERIC_MESSAGE, kind: 'unauthorized', cause: expect.any(Error) });
  });

  it('rejects an unknown kid at once, without reaching for the network', async () => {
    // Prepare
    const token = issueWith(stranger);

    // Act
    const started = performance.now();
    const errors = [await rejectionOf(verifier.verify(token)), await rejectionOf(verifier.verify(token))];
    const elapsedMs = performance.now() - started;

    // Assess
    for (const error of errors) {
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as Error).cause).toBeInstanceOf(JwksFetchRefusedError);
    }
    expect(elapsedMs).toBeLessThan(100);
  });

  it.each([undefined, null, 42])('rejects a token of type %s from untyped callers', async (token) => {
    // Prepare, Act
    const error = await rejectionOf(verifier.verify(token as unknown as string));

    // Assess
    expect(error).toBeInstanceOf(UnauthorizedError);
  });
});

describe('createTokenVerifier over a changing source', () => {
  const oldKey = generateSigningKey();
  const newKey = generateSigningKey();

  /** A source whose cached copy (`current`) and stored value (`refresh`) the test sets apart. */
  const fakeSource = (cached: SigningKey[], stored: SigningKey[] = cached) => {
    const state = { cached: publicJwks({ keys: cached }), stored: publicJwks({ keys: stored }), refreshes: 0, failCurrent: false };
    const source: PublicJwksSource = {
      current: async () => {
        if (state.failCurrent) throw new Error('SSM is down');
        return state.cached;
      },
      refresh: async () => {
        state.refreshes += 1;
        state.cached = state.stored;
        return state.stored;
      },
    };
    return { source, state };
  };

  it('accepts a key rotated in after its cache was filled, with one refresh', async () => {
    // Prepare
    const { source, state } = fakeSource([oldKey], [oldKey, newKey]);
    const rotating = createTokenVerifier({ source, issuer: ISSUER, audience: AUDIENCE });

    // Act
    const results = await Promise.all([1, 2, 3].map(() => rotating.verify(issueWith(newKey))));
    await rotating.verify(issueWith(newKey));

    // Assess
    expect(results.map(({ sub }) => sub)).toEqual(['user-1', 'user-1', 'user-1']);
    expect(state.refreshes).toBe(1);
  });

  it('refreshes at most once per back-off period for a kid nobody knows', async () => {
    // Prepare
    const { source, state } = fakeSource([ours]);
    const rotating = createTokenVerifier({ source, issuer: ISSUER, audience: AUDIENCE, refreshBackoffSeconds: 60 });

    // Act
    const errors = [];
    for (let attempt = 0; attempt < 5; attempt += 1) errors.push(await rejectionOf(rotating.verify(issueWith(stranger))));

    // Assess
    for (const error of errors) expect(error).toMatchObject({ name: 'UnauthorizedError', message: GENERIC_MESSAGE });
    expect(state.refreshes).toBe(1);
  });

  it('stops accepting a key once the source withdraws it', async () => {
    // Prepare
    const { source, state } = fakeSource([oldKey, newKey]);
    const rotating = createTokenVerifier({ source, issuer: ISSUER, audience: AUDIENCE, refreshBackoffSeconds: 60 });
    const token = issueWith(oldKey);
    await rotating.verify(token);

    // Act
    state.cached = publicJwks({ keys: [newKey] });
    state.stored = state.cached;
    const error = await rejectionOf(rotating.verify(token));

    // Assess
    expect(error).toBeInstanceOf(UnauthorizedError);
  });

  it('fails as a server error, not a 401, when the public keys cannot be read', async () => {
    // Prepare
    const { source, state } = fakeSource([ours]);
    const rotating = createTokenVerifier({ source, issuer: ISSUER, audience: AUDIENCE });
    state.failCurrent = true;

    // Act
    const error = await rejectionOf(rotating.verify(issueWith(ours)));

    // Assess
    expect(error).not.toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ message: 'SSM is down' });
  });
});
