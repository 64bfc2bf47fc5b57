import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { RateLimitedError, UnauthorizedError } from '#shared/domain/errors.ts';
import { InMemoryUserRepository } from '#shared/domain/identity/testing/in-memory-user-repository.ts';
import { aUser } from '#shared/domain/identity/testing/user-mother.ts';
import type { Email } from '#shared/domain/identity/email.ts';
import { logIn, type LogInDeps } from './log-in.ts';
import { logOut } from './log-out.ts';
import { refreshSession } from './refresh-session.ts';
import { FakePasswordHasher } from '#shared/domain/identity/testing/fake-password-hasher.ts';
import { fakeTokenIssuer } from '#shared/domain/identity/testing/fake-token-issuer.ts';
import { InMemoryRateLimiter } from '#shared/domain/identity/testing/in-memory-rate-limiter.ts';
import { InMemoryRefreshTokenStore } from '#shared/domain/identity/testing/in-memory-refresh-token-store.ts';

const PASSWORD = 'correct horse battery staple';

const setup = async (
  limits = {
    perEmailIp: { limit: 5, windowSeconds: 900 },
    perEmail: { limit: 50, windowSeconds: 900 },
    perIp: { limit: 100, windowSeconds: 900 },
  },
) => {
  const users = new InMemoryUserRepository();
  const user = aUser({ email: 'ada@example.com' as Email, passwordHash: await FakePasswordHasher.hash(PASSWORD) });
  await users.create(user);
  const deps: LogInDeps = {
    users,
    tokens: fakeTokenIssuer(),
    refreshTokens: new InMemoryRefreshTokenStore(),
    clock: { now: () => new Date('2026-11-26T12:00:00Z') },
    newId: ulid,
    refreshTtlSeconds: 3600,
    hasher: FakePasswordHasher,
    limiter: new InMemoryRateLimiter(),
    limits,
    decoyHash: 'fake$decoy-never-matches',
  };
  return { deps, user };
};

describe('logIn', () => {
  it('issues an access token with the user roles and a refresh token for the right password', async () => {
    const { deps, user } = await setup();

    const pair = await logIn(deps, { email: 'ADA@example.com', password: PASSWORD, sourceIp: '10.0.0.1' });

    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, accessToken: expect.any(String) });
    expect(pair.refreshToken.startsWith(`${user.id}.`)).toBe(true);
  });

  it.each([
    ['a wrong password', 'ada@example.com', 'wrong password!!'],
    ['an unknown email', 'nobody@example.com', PASSWORD],
  ])('answers %s with the same UnauthorizedError', async (_case, email, password) => {
    const { deps } = await setup();

    await expect(logIn(deps, { email, password, sourceIp: '10.0.0.1' })).rejects.toThrow(
      new UnauthorizedError('The email or password is incorrect.'),
    );
  });

  it('keeps refusing during the lockout, even the right password', async () => {
    const { deps } = await setup();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(logIn(deps, { email: 'ada@example.com', password: 'guess', sourceIp: '10.0.0.1' })).rejects.toThrow(UnauthorizedError);
    }

    await expect(logIn(deps, { email: 'ada@example.com', password: PASSWORD, sourceIp: '10.0.0.1' })).rejects.toThrow(RateLimitedError);
  });

  it('clears the email counts after a successful login', async () => {
    const { deps } = await setup();
    await expect(logIn(deps, { email: 'ada@example.com', password: 'guess', sourceIp: '10.0.0.1' })).rejects.toThrow(UnauthorizedError);

    await logIn(deps, { email: 'ada@example.com', password: PASSWORD, sourceIp: '10.0.0.1' });

    const counts = (deps.limiter as InMemoryRateLimiter).counts;
    expect(counts.get('login-email/ada@example.com')).toBeUndefined();
    expect(counts.get('login-email-ip/ada@example.com 10.0.0.1')).toBeUndefined();
  });

  it('lets the owner in from their own address while someone else is locked out guessing', async () => {
    const { deps } = await setup();
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await expect(logIn(deps, { email: 'ada@example.com', password: 'guess', sourceIp: '203.0.113.9' })).rejects.toThrow();
    }

    const pair = await logIn(deps, { email: 'ada@example.com', password: PASSWORD, sourceIp: '10.0.0.1' });

    expect(pair.accessToken).toEqual(expect.any(String));
    await expect(logIn(deps, { email: 'ada@example.com', password: PASSWORD, sourceIp: '203.0.113.9' })).rejects.toThrow(RateLimitedError);
  });

  it('stops guessing spread over many addresses at the per-email ceiling', async () => {
    const { deps } = await setup();
    for (let attempt = 0; attempt < 50; attempt += 1) {
      await expect(logIn(deps, { email: 'ada@example.com', password: 'guess', sourceIp: `198.51.100.${attempt}` })).rejects.toThrow(
        UnauthorizedError,
      );
    }

    await expect(logIn(deps, { email: 'ada@example.com', password: 'guess', sourceIp: '198.51.100.200' })).rejects.toThrow(
      RateLimitedError,
    );
  });
});

describe('refresh token rotation', () => {
  it('rotates: the new token works once, the old one stops working', async () => {
    const { deps } = await setup();
    const first = await logIn(deps, { email: 'ada@example.com', password: PASSWORD, sourceIp: '10.0.0.1' });

    const second = await refreshSession(deps, first.refreshToken);

    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expect(refreshSession(deps, first.refreshToken)).rejects.toThrow(UnauthorizedError);
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const { deps } = await setup();
    const first = await logIn(deps, { email: 'ada@example.com', password: PASSWORD, sourceIp: '10.0.0.1' });
    const second = await refreshSession(deps, first.refreshToken);

    await expect(refreshSession(deps, first.refreshToken)).rejects.toThrow(UnauthorizedError);

    await expect(refreshSession(deps, second.refreshToken)).rejects.toThrow(UnauthorizedError);
  });

  it('stops a family at logout and ignores unknown tokens', async () => {
    const { deps } = await setup();
    const pair = await logIn(deps, { email: 'ada@example.com', password: PASSWORD, sourceIp: '10.0.0.1' });

    await logOut(deps, 'not-a-token');
    await logOut(deps, pair.refreshToken);

    await expect(refreshSession(deps, pair.refreshToken)).rejects.toThrow(UnauthorizedError);
  });

  it.each(['garbage', `${ulid()}.${ulid()}.${'a'.repeat(43)}`])('refuses the malformed or unknown token %s', async (token) => {
    const { deps } = await setup();

    await expect(refreshSession(deps, token)).rejects.toThrow(UnauthorizedError);
  });
});
