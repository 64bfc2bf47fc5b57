import { describe, expect, it } from 'vitest';
import { api, e2e, newCustomer } from '../support/e2e.ts';
import { es256, hs256, serviceKey, strangerKey, unsigned, withPayload } from '../support/jwt.ts';

const now = () => Math.floor(Date.now() / 1000);

describe('the JWT attack matrix against GET /users/me', async () => {
  const customer = await newCustomer();
  const { env } = e2e();
  const key = serviceKey(env.SIGNING_KEYS_FILE!);
  const header = { alg: 'ES256', typ: 'JWT', kid: key.kid };
  const claims = () => ({
    sub: customer.id,
    roles: ['customer'],
    iss: env.JWT_ISSUER,
    aud: env.JWT_AUDIENCE,
    iat: now(),
    exp: now() + 600,
    jti: 'j1',
  });
  const { exp: _exp, ...noExp } = claims();

  it('accepts a correctly forged token (the harness is sound)', async () => {
    expect((await api('/users/me', { token: es256(header, claims(), key.privateKey) })).status).toBe(200);
  });

  it.each([
    ['no Authorization header', undefined, {}],
    ['a malformed header', undefined, { authorization: 'Bearer not-a-jwt' }],
    ['a Basic header', undefined, { authorization: 'Basic dXNlcjpwYXNz' }],
    ['alg none', unsigned({ alg: 'none', typ: 'JWT' }, claims()), {}],
    ['HS256 signed with the public key', hs256({ alg: 'HS256', typ: 'JWT', kid: key.kid }, claims(), key.publicPem), {}],
    ['an expired token', es256(header, { ...claims(), iat: now() - 1200, exp: now() - 300 }, key.privateKey), {}],
    ['nbf in the future', es256(header, { ...claims(), nbf: now() + 600 }, key.privateKey), {}],
    ['no exp', es256(header, noExp, key.privateKey), {}],
    ['a lifetime over 15 minutes', es256(header, { ...claims(), exp: now() + 3600 }, key.privateKey), {}],
    ['a wrong issuer', es256(header, { ...claims(), iss: 'https://evil.example' }, key.privateKey), {}],
    ['a wrong audience', es256(header, { ...claims(), aud: 'someone-else' }, key.privateKey), {}],
    ['an unknown kid', es256({ ...header, kid: 'unknown-kid-123' }, claims(), key.privateKey), {}],
    ['a tampered payload', withPayload(es256(header, claims(), key.privateKey), { ...claims(), roles: ['admin'] }), {}],
    ['a key that is not ours', es256(header, claims(), strangerKey()), {}],
  ])('refuses %s with 401', async (_case, token, headers) => {
    const response = await api('/users/me', { token, headers });

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('never accepts a token in the query string', async () => {
    const token = es256(header, claims(), key.privateKey);

    expect((await api(`/users/me?access_token=${token}`)).status).toBe(401);
  });
});
